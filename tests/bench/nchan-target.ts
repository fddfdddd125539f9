import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pinnedCommand } from "./bench-env.ts";
import type { FanoutTarget } from "./fanout-target.ts";
import { makeHttpJson } from "./http-json.ts";
import { childPidsOf, cpuSecondsOf, pssBytesOf, rssBytesOf } from "./process-stats.ts";
import { sampleEventJson } from "./sample-event.ts";

const nginxBinary = "/usr/sbin/nginx";
const nchanModule = "/usr/lib/nginx/modules/ngx_nchan_module.so";

export const nchanAvailable = (): boolean => {
  try {
    readFileSync(nchanModule);
    readFileSync(nginxBinary);
    return true;
  } catch {
    return false;
  }
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

/**
 * nginx + nchan as medi-test runs: one worker (our server is one process), EventSource
 * subscribers, 15 s pings, a 1,000-message buffer per channel, new subscribers start at the
 * newest message (as ours start at a snapshot).
 */
const configFor = (dir: string, port: number): string => `
load_module ${nchanModule};
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 19500; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  nchan_shared_memory_size 256m;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location ~ ^/pub/(\\w+)$ {
      nchan_publisher;
      nchan_channel_id $1;
      nchan_message_buffer_length 1000;
      nchan_message_timeout 1h;
    }
    location ~ ^/sub/(\\w+)$ {
      nchan_subscriber eventsource;
      nchan_channel_id $1;
      nchan_subscriber_first_message newest;
      nchan_eventsource_ping_interval 15;
    }
  }
}
`;

const waitForPort = async (port: number, child: ChildProcess, log: string): Promise<void> => {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readLog(log)}`);
    const open = await fetch(`http://127.0.0.1:${port}/nothing`).then(
      () => true,
      () => false,
    );
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen: ${readLog(log)}`);
};

const readLog = (path: string): string => {
  try {
    return readFileSync(path, "utf8").slice(-2_000);
  } catch {
    return "(no log)";
  }
};

/** Started and stopped by the bench; its config lives in a temp dir that is removed afterwards. */
export const startNchanTarget = async (runs: number, itemsPerRun: number): Promise<FanoutTarget> => {
  const dir = mkdtempSync(join(tmpdir(), "medi-nchan-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
  const port = await freePort();
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, configFor(dir, port));
  const [command, args] = pinnedCommand(nginxBinary, ["-p", dir, "-e", join(dir, "error.log"), "-c", conf]);
  const master = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  await waitForPort(port, master, join(dir, "error.log"));
  const worker = (): number => childPidsOf(master.pid ?? 0)[0] ?? master.pid ?? 0;
  const http = makeHttpJson(`http://127.0.0.1:${port}`, {}, 64);
  const perRun = new Array<number>(runs).fill(0);
  return {
    name: "nchan",
    seqSource: "data",
    runs,
    streamUrl: (run) => `http://127.0.0.1:${port}/sub/run${run}`,
    publish: async (n) => {
      const run = n % runs;
      const seq = (perRun[run] ?? 0) + 1;
      perRun[run] = seq;
      const body = sampleEventJson(seq, run, Math.floor(n / runs) % itemsPerRun, new Date().toISOString());
      const answer = await http.send("POST", `/pub/run${run}`, body);
      return answer.status === 201 || answer.status === 202;
    },
    pid: worker,
    cpuSeconds: () => cpuSecondsOf(worker()),
    rssBytes: () => rssBytesOf(worker()),
    pssBytes: () => pssBytesOf(worker()),
    stop: async () => {
      http.close();
      if (master.exitCode === null) {
        const exited = new Promise<void>((done) => master.once("exit", () => done()));
        master.kill("SIGQUIT");
        const timer = setTimeout(() => master.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
