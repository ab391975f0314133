-- Runs once, on the first start of an empty data volume. Passwords match the dev secretGenerator.
CREATE ROLE identity LOGIN PASSWORD 'identity-dev';
CREATE DATABASE identity OWNER identity;
CREATE ROLE directories LOGIN PASSWORD 'directories-dev';
CREATE DATABASE directories OWNER directories;
CREATE ROLE catalog LOGIN PASSWORD 'catalog-dev';
CREATE DATABASE catalog OWNER catalog;
CREATE ROLE disclosure LOGIN PASSWORD 'disclosure-dev';
CREATE DATABASE disclosure OWNER disclosure;
CREATE ROLE draws LOGIN PASSWORD 'draws-dev';
CREATE DATABASE draws OWNER draws;
CREATE ROLE tasks LOGIN PASSWORD 'tasks-dev';
CREATE DATABASE tasks OWNER tasks;
CREATE ROLE supervision LOGIN PASSWORD 'supervision-dev';
CREATE DATABASE supervision OWNER supervision;
CREATE ROLE workbench LOGIN PASSWORD 'workbench-dev';
CREATE DATABASE workbench OWNER workbench;
