import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeTempDir, removeDir } from "./lab-server.ts";
import { freePort } from "./private-redis.ts";

export interface Balancer {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

// Debian installs it in /usr/sbin, which is not on every PATH.
const nginxBinary = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

/**
 * Debian's nginx as the load balancer, running the repository's own example configuration
 * (deploy/nginx/medi-test.conf) with the upstream servers and the listen port replaced: the
 * tests prove the settings a deployment copies.
 */
export const startBalancer = async (upstreams: ReadonlyArray<number>): Promise<Balancer> => {
  const dir = makeTempDir("medi-test-nginx-");
  const port = await freePort();
  const example = readFileSync(resolve("deploy/nginx/medi-test.conf"), "utf8");
  const site = example
    .replace(/^\s*server 10\.0\.0\.\d+:\d+.*$/gm, "")
    .replace(
      "least_conn;",
      `least_conn;\n${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n")}`,
    )
    .replace("listen 80;", `listen 127.0.0.1:${port};`);
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      "worker_processes 1;",
      "daemon off;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 4096; }",
      "http {",
      "  access_log off;",
      ...["body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (sub) => `  ${sub === "body" ? "client_body" : sub}_temp_path ${join(dir, sub)};`,
      ),
      site,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(nginxBinary, ["-c", join(dir, "nginx.conf"), "-p", dir], { stdio: "ignore" });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        const logFile = join(dir, "error.log");
        const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "(no error log)";
        throw new Error(`nginx did not start: ${String(error)}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      removeDir(dir);
    },
  };
};
