#!/usr/bin/env node
// `npm run setup`: installs what NetLoom's tests need beyond npm, where this system allows, and
// says what it could not install and what that leaves out. Run it again at any time: it installs
// only what is missing. It never fails: what is missing shows in `npm test` as skipped or failed.
//
// On Debian and Ubuntu with root or passwordless sudo: Chromium (the end-to-end tests), xvfb,
// PyTorch with NumPy and OpenBLAS (the PyTorch export tests and the benchmark baseline) and
// Fashion-MNIST. Without apt, or without the rights to use it: Playwright's own Chromium.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian packages, each with what the tests lose without it. */
const PACKAGES = [
  ["chromium", "the end-to-end tests (Playwright) have no browser"],
  ["xvfb", "headed benchmarks (--headed) have no display"],
  ["python3-torch", "the PyTorch tests are skipped and the benchmark has no PyTorch baseline"],
  ["python3-numpy", "the PyTorch tests are skipped"],
  ["libopenblas0-pthread", "PyTorch multiplies matrices with the reference BLAS, 20-40x slower"],
  ["dataset-fashion-mnist", "the Fashion-MNIST tests are skipped and its example cannot train"],
];
const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const say = (line) => console.log(`setup: ${line}`);
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env }, encoding: "utf8" });
const has = (cmd) => run("sh", ["-c", `command -v ${cmd}`]).status === 0;

/** Whether a Debian package is installed. */
function installed(pkg) {
  const r = run("dpkg-query", ["-s", pkg]);
  return r.status === 0 && r.stdout.includes("Status: install ok installed");
}

/** How to run apt-get as root here: directly, through passwordless sudo, or not at all. */
function asRoot() {
  if (process.getuid?.() === 0) return [];
  if (has("sudo") && run("sudo", ["-n", "true"]).status === 0) return ["sudo", "-n"];
  return null;
}

/** Runs apt-get as root; true when it succeeded. */
function apt(root, args) {
  const [cmd, ...rest] = [...root, "apt-get", ...args];
  const r = run(cmd, rest, { DEBIAN_FRONTEND: "noninteractive" });
  return r.status === 0;
}

const missing = [];
if (has("apt-get") && has("dpkg-query")) {
  const wanted = PACKAGES.filter(([pkg]) => !installed(pkg));
  const root = wanted.length > 0 ? asRoot() : [];
  if (wanted.length === 0) say(`all of ${PACKAGES.map(([p]) => p).join(", ")} are installed`);
  else if (!root) {
    say("not root and no passwordless sudo: cannot apt-get install");
    missing.push(...wanted);
  } else {
    say(`installing ${wanted.map(([p]) => p).join(" ")} with apt-get`);
    apt(root, ["update", "-qq"]);
    // All at once; when that fails (one package unknown to this release), one by one.
    if (!apt(root, ["install", "-y", "-qq", ...wanted.map(([p]) => p)])) {
      for (const [pkg] of wanted) apt(root, ["install", "-y", "-qq", pkg]);
    }
    missing.push(...wanted.filter(([pkg]) => !installed(pkg)));
  }
} else {
  say(
    "no apt-get here: Chromium comes from Playwright; install PyTorch and Fashion-MNIST yourself if you want their tests",
  );
  missing.push(...PACKAGES.filter(([pkg]) => pkg !== "chromium"));
}

// Without the system's Chromium, Playwright's own browser (downloaded; it needs the network).
if (!SYSTEM_CHROMIUM.some((p) => existsSync(p))) {
  say("no system Chromium: installing Playwright's own (npx playwright install chromium)");
  const r = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  if (r.status === 0) {
    const at = missing.findIndex(([pkg]) => pkg === "chromium");
    if (at >= 0) missing.splice(at, 1);
  } else if (!missing.some(([pkg]) => pkg === "chromium")) {
    missing.push(PACKAGES[0]);
  }
}

if (missing.length === 0) say("ready: every test can run here");
for (const [pkg, loss] of missing) say(`could not install ${pkg}: ${loss}`);
