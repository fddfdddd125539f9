import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, release, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { rendererIsStale } from "./ensure-renderer.ts";
import { isStale } from "./freshness.ts";

/**
 * `npm run build && npm run screenshots` — the pictures in docs/renderer.md ("Screenshots").
 *
 * Starts the built lab server (out/server/main.js) on a free loopback port over a temporary
 * SQLite data dir, fills it through the HTTP API like a lab would (tester tokens with names, a CI
 * token posting one bulk batch, runs planned, running, paused and completed), and photographs the
 * built boards in Debian's Chromium into docs/images/. One server for everything: the wall is
 * shot at 4 runs, then 36 more runs are added and it is shot at 40, then 80 more for 120 (the
 * wall shows every active run and those that finished within the hour). The 2,000-item run is
 * added last, for the run board. Random choices come from a fixed seed; times are the server's
 * clock, so clocks, "ago" texts, ETAs and the progress chart differ from one run to the next.
 */

const root = resolve(import.meta.dirname, "..");
const imagesDir = join(root, "docs", "images");
const serverEntry = join(root, "out", "server", "main.js");
const rendererIndex = join(root, "out", "renderer", "index.html");
const chromiumPath = process.env.MEDI_TEST_CHROMIUM ?? "/usr/bin/chromium";
const labName = "Lab 3 · Device QA";
/** Larger PNGs than this are written as JPEG (quality 80) instead. */
const pngLimitBytes = 1.5 * 1024 * 1024;

type ItemStatus = "untested" | "passed" | "failed" | "blocked" | "skipped" | "retest";
type RunStatus = "planned" | "running" | "paused" | "completed";
type Lang = "en" | "ja";

interface Item {
  readonly id: string;
  readonly title: string;
  readonly section: string;
}
interface Run {
  readonly id: string;
  readonly items: ReadonlyArray<Item>;
}
interface Token {
  readonly token: string;
  readonly name: string;
}

const started = Date.now();
const say = (line: string): void => {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
};

// ---------------------------------------------------------------------------------------------
// Preconditions: one clear line each, nothing is built here.

const refusal = (): string | undefined => {
  if (!existsSync(rendererIndex) || !existsSync(serverEntry))
    return "screenshots: out/renderer/index.html or out/server/main.js is missing; run `npm run build` first.";
  if (!existsSync(chromiumPath))
    return `screenshots: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set MEDI_TEST_CHROMIUM).`;
  return undefined;
};

const hasJapaneseFont = (): boolean => {
  try {
    return execFileSync("fc-list", [":lang=ja"], { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same lab every time.

const makeRandom = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: ReadonlyArray<T>): T => {
    const value = list[Math.floor(next() * list.length)];
    if (value === undefined) throw new Error("pick from an empty list");
    return value;
  };
  const shuffle = <T>(list: ReadonlyArray<T>): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const a = out[i];
      const b = out[j];
      if (a !== undefined && b !== undefined) {
        out[i] = b;
        out[j] = a;
      }
    }
    return out;
  };
  return { next, int, pick, shuffle };
};
const random = makeRandom(20_261_202);

// ---------------------------------------------------------------------------------------------
// The lab server, as `npm start` runs it.

interface Server {
  readonly url: string;
  readonly adminToken: string;
  readonly stop: () => Promise<void>;
}

const startServer = async (): Promise<Server> => {
  const dataDir = mkdtempSync(join(tmpdir(), "medi-shots-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      serverEntry,
      ...["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--log-level", "warn"],
      ...["--write-rate-limit", "0", "--backup-interval-minutes", "0", "--lab-name", labName],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  // Whatever ends this script (an error, a closed stdout) ends the server and its data dir too.
  const cleanUp = (): void => {
    child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", cleanUp);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    process.off("exit", cleanUp);
  };
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s: ${output}`)), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (match !== null) {
          clearTimeout(timer);
          resolveUrl(match[0]);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited early (${code}): ${output}`));
      });
    });
    return { url, adminToken: readFileSync(join(dataDir, "admin-token"), "utf8").trim(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

const makeApi = (server: Server) => {
  return async <T>(method: string, path: string, body: unknown, token = server.adminToken): Promise<T> => {
    const answer = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
};
type Api = ReturnType<typeof makeApi>;

/** Runs `task` over `list`, at most `limit` at a time. */
const forEachLimited = async <T>(
  list: ReadonlyArray<T>,
  limit: number,
  task: (value: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      const value = list[index];
      if (value !== undefined) await task(value, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
};

// ---------------------------------------------------------------------------------------------
// What a lab tests: sections (paths) with case titles, in English and Japanese.

const areasEn: Record<string, ReadonlyArray<string>> = {
  "Login/SSO": [
    "SSO with corporate IdP",
    "SSO token refresh",
    "Logout clears session",
    "Session survives app restart",
    "Expired password prompts change",
  ],
  "Login/PIN": ["PIN lockout after 5 tries", "PIN change", "Biometric fallback to PIN", "Face ID enrolment"],
  Checkout: [
    "Pay with saved card",
    "Pay with Apple Pay",
    "3-D Secure challenge",
    "Refund to original card",
    "Coupon code applied once",
    "Currency shown in JPY",
  ],
  "Radio/Handover": ["Handover 5G→LTE", "Handover LTE→5G", "Handover under load", "Handover at cell edge"],
  "Radio/Sensitivity": ["RX sensitivity ch 1", "RX sensitivity ch 6", "RX sensitivity ch 11", "RX blocking"],
  "Display/Touch": ["Single tap accuracy", "Multi-touch 5 points", "Edge swipe", "Wet finger"],
  "Power/Battery": ["Idle drain 8h", "Video playback drain", "Charge 0→80%", "Thermal throttling at 45°C"],
  Notifications: ["Push while locked", "Push deep link", "Quiet hours respected", "Badge count after read"],
  Accessibility: [
    "VoiceOver reads order summary",
    "Dynamic Type XXL layout",
    "Contrast of error text",
    "Focus order on sign-up",
  ],
  "Offline/Sync": ["Queue edits offline", "Conflict on reconnect", "Large attachment resumes", "Clock skew 5 min"],
  Settings: ["Language switch EN→JA", "Dark mode", "Delete account", "Export my data"],
};

const areasJa: Record<string, ReadonlyArray<string>> = {
  "会員登録/入力": [
    "氏名(全角カナ)の入力チェック",
    "郵便番号から住所補完",
    "メールアドレス重複エラー",
    "生年月日の範囲外",
  ],
  "会員登録/認証": ["SMS 認証コード再送", "認証コード有効期限切れ", "パスワード強度表示"],
  決済: ["クレジットカード決済", "コンビニ払い番号発行", "PayPay 連携", "返金処理", "ポイント併用"],
  "画面表示/一覧": ["商品一覧のページ送り", "並び替え(価格順)", "在庫切れ表示", "検索結果0件"],
  通知: ["プッシュ通知(ロック中)", "メール通知の文面", "お知らせバッジ件数"],
  帳票: ["請求書 PDF 出力", "CSV 出力の文字コード", "月次集計の締め処理"],
  "性能/応答": ["一覧表示 2 秒以内", "同時 500 接続", "夜間バッチ 30 分以内"],
};

interface Plan {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly areas: Record<string, ReadonlyArray<string>>;
  /** The plan's sections (keys of `areas`); a run tests two or more of them. */
  readonly sections: ReadonlyArray<string>;
}

const enPlans: ReadonlyArray<Plan> = [
  {
    name: "Release 4.2 regression · iOS",
    labels: { build: "4.2.0-rc3", device: "iPhone 15" },
    areas: areasEn,
    sections: ["Login/SSO", "Login/PIN", "Checkout", "Notifications", "Offline/Sync", "Settings"],
  },
  {
    name: "Release 4.2 regression · Android",
    labels: { build: "4.2.0-rc3", device: "Pixel 8" },
    areas: areasEn,
    sections: ["Login/SSO", "Login/PIN", "Checkout", "Notifications", "Offline/Sync", "Settings"],
  },
  {
    name: "Firmware 2.4 radio",
    labels: { build: "2.4.1", bench: "A" },
    areas: areasEn,
    sections: ["Radio/Handover", "Radio/Sensitivity", "Power/Battery"],
  },
  {
    name: "Display EVT-3 validation",
    labels: { build: "2.4.0", bench: "B" },
    areas: areasEn,
    sections: ["Display/Touch", "Power/Battery", "Accessibility"],
  },
  {
    name: "Payments smoke · staging",
    labels: { env: "staging" },
    areas: areasEn,
    sections: ["Checkout", "Login/SSO", "Notifications"],
  },
  {
    name: "Accessibility audit · web",
    labels: { browser: "Safari 18" },
    areas: areasEn,
    sections: ["Accessibility", "Checkout", "Settings", "Login/SSO"],
  },
  {
    name: "Power DVT battery",
    labels: { device: "DVT-2", bench: "C" },
    areas: areasEn,
    sections: ["Power/Battery", "Radio/Sensitivity", "Display/Touch"],
  },
  {
    name: "Hotfix 4.1.3 verification",
    labels: { build: "4.1.3" },
    areas: areasEn,
    sections: ["Checkout", "Offline/Sync", "Login/PIN"],
  },
];
const jaPlans: ReadonlyArray<Plan> = [
  {
    name: "結合テスト 第3週 · 決済",
    labels: { 環境: "STG", 担当: "品証2課" },
    areas: areasJa,
    sections: ["決済", "帳票", "通知"],
  },
  {
    name: "受入テスト · 会員登録",
    labels: { 版: "v4.2", 環境: "UAT" },
    areas: areasJa,
    sections: ["会員登録/入力", "会員登録/認証", "通知"],
  },
  {
    name: "回帰テスト v4.2 · iPad",
    labels: { 端末: "iPad Air" },
    areas: areasJa,
    sections: ["会員登録/入力", "決済", "画面表示/一覧", "通知", "帳票"],
  },
  {
    name: "性能試験 · API ゲートウェイ",
    labels: { 環境: "PERF" },
    areas: areasJa,
    sections: ["性能/応答", "画面表示/一覧", "帳票"],
  },
];
const variants = ["", " · bench A", " · bench B", " · night shift", " · round 2", " · EU", " · JP", " · round 3"];
const jaVariants = ["", " · 2回目", " · 夜間", " · 大阪拠点", " · 東京拠点", " · 3回目"];

const testerNames = [
  "Aiko Tanaka",
  "Ken Sato",
  "Mei Lin",
  "Jonas Berg",
  "佐藤 美咲",
  "高橋 翔",
  "Priya Nair",
  "鈴木 一郎",
];

const failureNotes = [
  "Crash on resume, log attached (QA-4411)",
  "Spinner never ends on slow 3G",
  "Wrong currency symbol",
  "表示が崩れる (iPhone SE)",
  "タイムアウト 30 秒",
  "Matches 4.1 behaviour, raising with product",
];

interface RunSpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly items: ReadonlyArray<{ readonly title: string; readonly section: string }>;
  readonly status: RunStatus;
  /** Share of items with a result. */
  readonly done: number;
  /** Share of failed results among them. */
  readonly failRate: number;
}

/** Repeated cases differ by configuration, as in a test matrix. */
const configurationsEn = ["iOS 17", "Android 14", "LTE", "Wi-Fi 6", "dark mode", "ja-JP", "de-DE", "low battery"];
const configurationsJa = ["Chrome", "Safari", "Edge", "スマホ", "タブレット", "本番相当データ"];

const itemsFor = (plan: Plan, total: number) => {
  const { areas } = plan;
  const chosen = random.shuffle(plan.sections).slice(0, random.int(2, plan.sections.length));
  const configurations = plan.areas === areasJa ? configurationsJa : configurationsEn;
  const items: Array<{ title: string; section: string }> = [];
  for (let i = 0; items.length < total; i++) {
    const section = chosen[i % chosen.length] ?? "General";
    const titles = areas[section] ?? [];
    const round = Math.floor(i / chosen.length);
    const title = titles[round % Math.max(1, titles.length)] ?? "Case";
    const repeat = Math.floor(round / Math.max(1, titles.length));
    const configuration = configurations[(repeat - 1) % configurations.length] ?? "";
    const cycle = Math.floor((repeat - 1) / configurations.length);
    const suffix = repeat === 0 ? "" : ` (${configuration}${cycle > 0 ? ` #${cycle + 1}` : ""})`;
    items.push({ title: `${title}${suffix}`, section });
  }
  return items;
};

const usedNames = new Set<string>();
const specFor = (index: number, forced?: Partial<RunSpec>): RunSpec => {
  const japanese = index % 4 === 1;
  const plan = random.pick(japanese ? jaPlans : enPlans);
  let name = plan.name;
  for (let attempt = 0; usedNames.has(name); attempt++)
    name = `${plan.name}${random.pick(japanese ? jaVariants : variants)}${attempt > 6 ? ` ${attempt}` : ""}`;
  usedNames.add(name);
  const roll = random.next();
  const status: RunStatus = roll < 0.68 ? "running" : roll < 0.8 ? "paused" : roll < 0.9 ? "planned" : "completed";
  const total = random.int(24, 180);
  return {
    name,
    labels: plan.labels,
    items: itemsFor(plan, total),
    status,
    done: status === "planned" ? 0 : status === "completed" ? 1 : 0.1 + random.next() * 0.85,
    failRate: random.next() < 0.55 ? 0 : random.next() * 0.12,
    ...forced,
  };
};

const resultStatus = (failRate: number): ItemStatus => {
  const roll = random.next();
  if (roll < failRate) return "failed";
  if (roll < failRate + 0.025) return "blocked";
  if (roll < failRate + 0.06) return "skipped";
  if (roll < failRate + 0.07) return "retest";
  return "passed";
};

// ---------------------------------------------------------------------------------------------
// Filling the lab.

interface Lab {
  readonly api: Api;
  readonly testers: ReadonlyArray<Token>;
  readonly ci: Token;
}

const makeLab = async (api: Api): Promise<Lab> => {
  const issue = (name: string) => api<Token>("POST", "/api/tokens", { name, role: "tester" });
  const testers: Token[] = [];
  for (const name of testerNames) testers.push(await issue(name));
  return { api, testers, ci: await issue("CI nightly") };
};

/** Creates the run, records its results as 1–3 testers would, then sets its status. */
const addRun = async (lab: Lab, spec: RunSpec): Promise<Run> => {
  const run = await lab.api<Run>("POST", "/api/test-runs", { name: spec.name, labels: spec.labels, items: spec.items });
  if (spec.status === "planned") return run;
  await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "running" });
  const people = random.shuffle(lab.testers).slice(0, random.int(1, 3));
  const doneCount = Math.round(run.items.length * spec.done);
  const results = run.items.slice(0, doneCount).map((item) => ({ item, status: resultStatus(spec.failRate) }));
  // Most results go in as each tester's batch; the last few one by one, as the feed shows them.
  const single = results.slice(Math.max(0, results.length - 6));
  const batched = results.slice(0, results.length - single.length);
  for (const [p, person] of people.entries()) {
    const mine = batched.filter((_, i) => i % people.length === p);
    if (mine.length === 0) continue;
    const body = { results: mine.map((r) => ({ itemId: r.item.id, status: r.status })) };
    await lab.api("POST", `/api/test-runs/${run.id}/results`, body, person.token);
  }
  for (const [i, r] of single.entries()) {
    const person = people[i % people.length] ?? lab.ci;
    const note = r.status === "failed" || r.status === "blocked" ? { note: random.pick(failureNotes) } : {};
    const durationMs = random.int(20, 900) * 1_000;
    await lab.api(
      "PUT",
      `/api/test-runs/${run.id}/items/${r.item.id}`,
      { status: r.status, durationMs, ...note },
      person.token,
    );
  }
  if (spec.status !== "running") await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: spec.status });
  return run;
};

/** A CI job's run: created by the CI token, then one bulk batch matched by test ids. */
const addCiRun = async (lab: Lab): Promise<void> => {
  const suites: Record<string, ReadonlyArray<string>> = {
    OrdersApiTest: ["createOrder", "cancelOrder", "listOrders_paged", "applyCoupon", "splitShipment", "reorder"],
    PaymentsApiTest: ["authorize", "capture", "refund_partial", "refund_full", "threeDsChallenge", "webhookRetry"],
    MembersApiTest: ["signUp", "verifyEmail", "changePassword", "deleteAccount", "exportData", "mergeDuplicates"],
    SearchApiTest: ["fullText_ja", "fullText_en", "facets", "typoTolerance", "sortByPrice", "emptyQuery"],
    AuthApiTest: ["login", "refreshToken", "revokeToken", "mfaTotp", "lockout", "ssoCallback"],
  };
  const params = ["", "[json]", "[xml]", "[v1]", "[v2]", "[large]"];
  const cases = Object.entries(suites).flatMap(([suite, methods]) =>
    params.flatMap((param) =>
      methods.map((method) => ({ key: `api.${suite}.${method}${param}`, suite, method, param })),
    ),
  );
  usedNames.add("Nightly API suite · main");
  const run = await lab.api<Run>(
    "POST",
    "/api/test-runs",
    { name: "Nightly API suite · main", labels: { pipeline: "#18342", branch: "main" } },
    lab.ci.token,
  );
  await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "running" }, lab.ci.token);
  const results = cases.slice(0, 150).map((c) => ({
    key: c.key,
    title: `${c.suite}.${c.method}${c.param}`,
    section: `API/${c.suite.replace("ApiTest", "")}`,
    status: resultStatus(0.04),
    durationMs: random.int(40, 9_000),
  }));
  await lab.api("POST", `/api/test-runs/${run.id}/results`, { addMissing: true, results }, lab.ci.token);
};

const bigRunDevices = ["Pixel 8", "Galaxy S24", "Xperia 10 V", "AQUOS sense8", "Pixel 7a"];
const bigRunLocales = [
  "en-US",
  "ja-JP",
  "de-DE",
  "fr-FR",
  "ko-KR",
  "zh-TW",
  "es-ES",
  "pt-BR",
  "ar-EG",
  "hi-IN",
  "it-IT",
];

/** The run board's subject: 2,000 items in 8 sections, a little over half done, some failures. */
const addBigRun = async (lab: Lab): Promise<Run> => {
  const sections = [
    "Login/SSO",
    "Checkout",
    "Radio/Handover",
    "Display/Touch",
    "Power/Battery",
    "Notifications",
    "Offline/Sync",
    "Settings",
  ];
  const areas: Record<string, ReadonlyArray<string>> = {};
  for (const section of sections) areas[section] = areasEn[section] ?? [];
  const items: Array<{ title: string; section: string; key?: string }> = [];
  for (const section of sections) {
    const titles = areas[section] ?? [];
    for (let i = 0; i < 250; i++) {
      const title = titles[i % titles.length] ?? "Case";
      const configuration = Math.floor(i / titles.length);
      const device = bigRunDevices[configuration % bigRunDevices.length] ?? "";
      const locale = bigRunLocales[Math.floor(configuration / bigRunDevices.length) % bigRunLocales.length] ?? "";
      items.push({ title: `${title} · ${device} · ${locale}`, section });
    }
  }
  // The last 40 are the CI's instrumented cases, matched by their test ids.
  const ciKeys = Array.from({ length: 40 }, (_, i) => `android.settings.InstrumentedTest.case${i + 1}`);
  for (const [i, key] of ciKeys.entries())
    items[items.length - 40 + i] = { title: `Instrumented ${i + 1}`, section: "Settings", key };
  const run = await lab.api<Run>("POST", "/api/test-runs", {
    name: "Release 4.2 full regression · Android",
    labels: { build: "4.2.0-rc3", device: "Pixel 8 / Galaxy S24", cycle: "2" },
    items,
  });
  await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "running" });
  // Sections are worked through at different speeds: some done, some just started.
  const share = [1, 0.92, 0.75, 0.6, 0.45, 0.3, 0.12, 0];
  const results: Array<{ item: Item; status: ItemStatus }> = [];
  for (const [s, section] of sections.entries()) {
    const inSection = run.items.filter((item) => item.section === section);
    const failRate = s === 2 ? 0.09 : s === 4 ? 0.05 : 0.015;
    for (const item of inSection.slice(0, Math.round(inSection.length * (share[s] ?? 0))))
      results.push({ item, status: resultStatus(failRate) });
  }
  const single = results.filter((_, i) => i % 40 === 7);
  const batched = results.filter((_, i) => i % 40 !== 7);
  const chunk = 300;
  for (let from = 0; from < batched.length; from += chunk) {
    const person = lab.testers[(from / chunk) % lab.testers.length] ?? lab.ci;
    const body = { results: batched.slice(from, from + chunk).map((r) => ({ itemId: r.item.id, status: r.status })) };
    await lab.api("POST", `/api/test-runs/${run.id}/results`, body, person.token);
  }
  // The CI job's batch (one request, one feed line "CI nightly: 40 results, …") lands among the
  // testers' last results, so the feed shows both.
  const ciResults = ciKeys.map((key) => ({ key, status: resultStatus(0.05), durationMs: random.int(200, 20_000) }));
  for (const [i, r] of single.entries()) {
    if (i === single.length - 4)
      await lab.api("POST", `/api/test-runs/${run.id}/results`, { results: ciResults }, lab.ci.token);
    const person = lab.testers[i % lab.testers.length] ?? lab.ci;
    const note = r.status === "failed" ? { note: random.pick(failureNotes) } : {};
    await lab.api("PUT", `/api/test-runs/${run.id}/items/${r.item.id}`, { status: r.status, ...note }, person.token);
  }
  return run;
};

// ---------------------------------------------------------------------------------------------
// Photographs.

const browserArgs = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--hide-scrollbars",
];

const localeOf = (lang: Lang) => (lang === "ja" ? "ja-JP" : "en-US");

/** Waits for what may be there; a board without it (its markup changed) is shot anyway. */
const softWait = async (page: Page, expression: string, timeout: number): Promise<void> => {
  try {
    await page.waitForFunction(expression, undefined, { timeout });
  } catch {
    say(`  (did not see ${expression} within ${timeout} ms; shooting anyway)`);
  }
};

const shoot = async (
  browser: Browser,
  url: string,
  file: string,
  size: { readonly width: number; readonly height: number },
  lang: Lang,
  settle: (page: Page) => Promise<void>,
): Promise<void> => {
  const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, locale: localeOf(lang) });
  try {
    const page = await context.newPage();
    const separator = url.includes("?") ? "&" : "?";
    const answer = await page.goto(`${url}${separator}lang=${lang}`);
    if (answer === null || answer.status() !== 200) throw new Error(`${url} answered ${answer?.status() ?? "nothing"}`);
    await page.waitForSelector('[data-phase="live"]', { timeout: 30_000 });
    await settle(page);
    await page.evaluate("document.fonts.ready.then(() => true)");
    // Transitions, the bar animations and the first clock tick.
    await page.waitForTimeout(1_200);
    const png = await page.screenshot({ type: "png" });
    const base = join(imagesDir, file);
    for (const stale of [`${base}.png`, `${base}.jpg`]) rmSync(stale, { force: true });
    if (png.length <= pngLimitBytes) {
      writeFileSync(`${base}.png`, png);
      say(`  docs/images/${file}.png (${Math.round(png.length / 1024)} KB)`);
    } else {
      const jpeg = await page.screenshot({ type: "jpeg", quality: 80 });
      writeFileSync(`${base}.jpg`, jpeg);
      say(
        `  docs/images/${file}.jpg (${Math.round(jpeg.length / 1024)} KB; the PNG was ${Math.round(png.length / 1024)} KB)`,
      );
    }
  } finally {
    await context.close();
  }
};

const settleWall = async (page: Page): Promise<void> => {
  await softWait(page, `document.querySelectorAll(".tile").length > 0`, 10_000);
};

const hd = { width: 1920, height: 1080 } as const;

const main = async (): Promise<void> => {
  const why = refusal();
  if (why !== undefined) {
    process.stderr.write(`${why}\n`);
    process.exitCode = 1;
    return;
  }
  const serverSources = ["server", "resources", "vite.server.config.ts", "package-lock.json"].map((p) => join(root, p));
  if (rendererIsStale() || isStale(serverEntry, serverSources))
    say("Warning: out/ is older than its sources; these are pictures of the last build (npm run build).");
  const japaneseFont = hasJapaneseFont();
  if (!japaneseFont)
    say("No Japanese font (fc-list :lang=ja is empty): the ja shots show boxes. apt-get install -y fonts-noto-cjk");
  mkdirSync(imagesDir, { recursive: true });
  const server = await startServer();
  say(`server at ${server.url}`);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: browserArgs });
  try {
    const lab = await makeLab(makeApi(server));
    const wall = `${server.url}/board?rotate=off`;
    const shots = async (count: number, extra: ReadonlyArray<readonly [string, number, number, Lang]>) => {
      for (const lang of ["en", "ja"] as const)
        await shoot(browser, wall, `wall-${count}-runs-${lang}`, hd, lang, settleWall);
      for (const [name, width, height, lang] of extra)
        await shoot(browser, wall, name, { width, height }, lang, settleWall);
    };

    // 4 runs: a regression in progress, a Japanese integration run, the CI's nightly, a paused bench.
    await addRun(lab, specFor(0, { status: "running", done: 0.62, failRate: 0.06 }));
    await addRun(lab, specFor(1, { status: "running", done: 0.35, failRate: 0.03 }));
    await addCiRun(lab);
    await addRun(lab, specFor(2, { status: "paused", done: 0.48, failRate: 0 }));
    say("4 runs");
    await shots(4, []);

    const grow = async (from: number, to: number) => {
      // Specs first (one seeded sequence), then written a few at a time.
      const specs = Array.from({ length: to - from }, (_, i) => specFor(from + i));
      await forEachLimited(specs, 6, async (spec) => {
        await addRun(lab, spec);
      });
      say(`${to} runs`);
    };
    await grow(4, 40);
    await shots(40, [
      ["wall-40-runs-3840x2160-en", 3840, 2160, "en"],
      ["wall-40-runs-1366x768-ja", 1366, 768, "ja"],
    ]);
    await grow(40, 120);
    await shots(120, []);

    const big = await addBigRun(lab);
    say("2,000-item run");
    for (const lang of ["en", "ja"] as const)
      await shoot(browser, `${server.url}/board/${big.id}`, `run-board-2000-items-${lang}`, hd, lang, async (page) => {
        await softWait(page, `document.querySelectorAll(".cell").length >= 2000`, 15_000);
        await softWait(page, `document.querySelector(".chart canvas") !== null`, 10_000);
        await softWait(page, `document.querySelectorAll(".feed-line").length > 0`, 10_000);
      });
  } finally {
    await browser.close();
    await server.stop();
  }
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  say(
    `done. Made ${new Date().toISOString().slice(0, 10)} on Linux ${release()} ${arch()}, ${cpu} × ${cpus().length}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Chromium at ${chromiumPath}${japaneseFont ? "" : " (no Japanese font)"}.`,
  );
};

await main();
