// 抽取仪式: a party's own secret made in the browser (Web Crypto), shown and offered as a file, never sent to the
// workbench; only its SHA-256 goes into the commitment form. Without JavaScript the form takes a SHA-256 made elsewhere.
(() => {
  const form = document.querySelector("section.commit form");
  if (!form || !window.crypto?.subtle) return;
  const maker = form.querySelector(".secret-maker");
  const output = form.querySelector("output.secret");
  const download = form.querySelector("a.download-secret");
  const sha = form.querySelector("#sha256");
  const submit = form.querySelector("button[type=submit]");
  const own = () => form.querySelector("input[name='Commit.Mode'][value=own]").checked;
  maker.hidden = false;
  form.querySelector(".no-script").hidden = true;
  let saved = true;
  const update = () => {
    form.querySelector(".own-secret").hidden = !own();
    submit.disabled = own() && (!saved || !/^[0-9a-f]{64}$/i.test(sha.value.trim()));
  };
  form.querySelectorAll("input[name='Commit.Mode']").forEach(r => r.addEventListener("change", update));
  sha.addEventListener("input", () => { saved = true; update(); });
  form.querySelector("button.make-secret").addEventListener("click", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const secret = Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
    output.textContent = secret;
    sha.value = Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, "0")).join("");
    download.href = URL.createObjectURL(new Blob([secret + "\n"], { type: "text/plain" }));
    download.hidden = false;
    saved = false; // the commitment waits until the secret is saved: without it the reveal is impossible
    update();
  });
  download.addEventListener("click", () => { saved = true; setTimeout(update, 0); });
  update();
})();
