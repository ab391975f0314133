using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Imports;
using Shuangsuiji.Directories.Inspectors;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Directories;

public static class DirectoriesStore
{
    public static void Configure(StoreOptions options)
    {
        // The entity table records each change's event sequence number, which rich appends know before commit.
        options.Events.AppendMode = EventAppendMode.Rich;

        options.AddAggregate<Department>(
            (typeof(DepartmentCreated), "department_created"),
            (typeof(DepartmentRenamed), "department_renamed"),
            (typeof(InternalUnitAdded), "internal_unit_added"),
            (typeof(InternalUnitRemoved), "internal_unit_removed"),
            (typeof(DepartmentRetired), "department_retired"),
            (typeof(DepartmentMerged), "department_merged"),
            (typeof(DepartmentAbsorbed), "department_absorbed"),
            (typeof(LiaisonOfficerNamed), "liaison_officer_named"));
        options.AddAggregate<TagCategory>(
            (typeof(TagCategoryDefined), "tag_category_defined"),
            (typeof(TagAdded), "tag_added"),
            (typeof(TagRetired), "tag_retired"));
        options.AddAggregate<Inspector>(
            (typeof(InspectorRegistered), "inspector_registered"),
            (typeof(InspectorAmended), "inspector_amended"),
            (typeof(InspectorPersonalDataChanged), "inspector_personal_data_changed"),
            (typeof(InspectorSpecialtiesChanged), "inspector_specialties_changed"),
            (typeof(InspectorStatusChanged), "inspector_status_changed"),
            (typeof(ConflictDeclared), "conflict_declared"),
            (typeof(ConflictWithdrawn), "conflict_withdrawn"));
        options.Schema.For<Inspector>().Index(i => i.DepartmentId);
        options.AddAggregate<CalendarYear>(
            (typeof(HolidayNoticeRecorded), "holiday_notice_recorded"),
            (typeof(HolidayNoticeCorrected), "holiday_notice_corrected"));
        options.AddAggregate<ImportJob>(
            (typeof(ImportStarted), "import_started"),
            (typeof(ImportBatchCompleted), "import_batch_completed"),
            (typeof(ImportCompleted), "import_completed"),
            (typeof(ImportFailed), "import_failed"));

        // Stored names are part of the event log: never rename them, add new ones instead.
        foreach (var (type, name) in new (Type, string)[]
        {
            (typeof(EntityRegistered), "entity_registered"), (typeof(EntityAmended), "entity_amended"),
            (typeof(EntityStatusChanged), "entity_status_changed"), (typeof(EntityTagged), "entity_tagged"),
            (typeof(EntityUntagged), "entity_untagged"), (typeof(SubLibraryJoined), "sub_library_joined"),
            (typeof(SubLibraryLeft), "sub_library_left"), (typeof(RiskClassChanged), "risk_class_changed"),
            (typeof(RiskWarningRaised), "risk_warning_raised"), (typeof(EntitiesImported), "entities_imported"),
            (typeof(RiskClassesImported), "risk_classes_imported"), (typeof(RiskWarningsRaised), "risk_warnings_raised"),
            (typeof(EntityTagsImported), "entity_tags_imported"), (typeof(SubLibrariesImported), "sub_libraries_imported"),
            (typeof(CreditRecorded), "credit_recorded"),
        })
            options.Events.MapEventType(type, name);
        options.Projections.Add(new EntityProjection(new EntityTable(options.DatabaseSchemaName)), ProjectionLifecycle.Inline);
    }
}
