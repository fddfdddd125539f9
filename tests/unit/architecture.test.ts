import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

const sourceFiles = (dir: string): string[] => {
  const out: string[] = [];
  const visit = (path: string): void => {
    for (const entry of readdirSync(path)) {
      if (entry === "node_modules") continue;
      const full = join(path, entry);
      if (statSync(full).isDirectory()) visit(full);
      else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(full);
    }
  };
  visit(join(root, dir));
  return out;
};

/** Every module specifier a file names: static and dynamic imports, re-exports, require(). */
const importsOf = (text: string): string[] => {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1] ?? ""));
};

/** Where a relative specifier lands, as a path from the repository root ("server/domain/x.ts"). */
const target = (file: string, specifier: string): string | undefined =>
  specifier.startsWith(".")
    ? relative(root, resolve(dirname(file), specifier))
        .split(sep)
        .join("/")
    : undefined;

interface Violation {
  readonly file: string;
  readonly specifier: string;
}

type Rule = (file: string, specifier: string) => boolean;

const violations = (dir: string, breaks: Rule): Violation[] =>
  sourceFiles(dir).flatMap((file) =>
    importsOf(readFileSync(file, "utf8"))
      .filter((specifier) => breaks(file, specifier))
      .map((specifier) => ({ file: relative(root, file), specifier })),
  );

const isElectron = (specifier: string) => specifier === "electron" || specifier.startsWith("electron/");

/** The rules, each as "this import breaks it". */
const rules = {
  serverImportsElectron: (_file: string, specifier: string) => isElectron(specifier),
  rendererImportsMainOrServerInternals: (file: string, specifier: string) => {
    if (isElectron(specifier)) return true;
    const path = target(file, specifier);
    if (path === undefined) return false;
    return (
      path === "main" ||
      path.startsWith("main/") ||
      ((path === "server" || path.startsWith("server/")) && !path.startsWith("server/domain/"))
    );
  },
  domainImportsOutsideDomain: (file: string, specifier: string) => {
    const path = target(file, specifier);
    if (path === undefined) return specifier !== "effect" && !specifier.startsWith("effect/");
    return !path.startsWith("server/domain/");
  },
  mainCoreImportsElectron: (_file: string, specifier: string) => isElectron(specifier),
  mainImportsServerInternals: (file: string, specifier: string) => {
    const path = target(file, specifier);
    return path !== undefined && (path === "server" || path.startsWith("server/")) && path !== "server/index.ts";
  },
  applicationImportsOutward: (file: string, specifier: string) => {
    const path = target(file, specifier);
    if (path === undefined) return specifier !== "effect" && !specifier.startsWith("effect/");
    return !path.startsWith("server/domain/") && !path.startsWith("server/application/");
  },
  /** The repository contract reaches a store through its port only; an adapter's own *.test.ts wires it. */
  contractImportsAdapters: (file: string, specifier: string) => {
    if (file.endsWith(".test.ts")) return false;
    const path = target(file, specifier);
    if (path === undefined) return specifier !== "effect" && !specifier.startsWith("effect/") && specifier !== "vitest";
    return ![
      "server/domain/",
      "server/application/ports/test-run-repository.ts",
      "server/application/ports/event-sink.ts",
      "tests/contract/",
    ].some((allowed) => path.startsWith(allowed));
  },
  /** The command reaches the server through its schemas, its config decoding and its start and restore entries. */
  cliImportsServerInternals: (file: string, specifier: string) => {
    const path = target(file, specifier);
    if (path === undefined || !(path === "server" || path.startsWith("server/"))) return false;
    return !(
      path.startsWith("server/domain/") ||
      [
        "server/config.ts",
        "server/headless.ts",
        "server/start-failure.ts",
        "server/version.ts",
        "server/http/api-error.ts",
        // `import junit` reads each file with the server's own streaming reader before sending it.
        "server/http/junit/junit-body.ts",
        "server/infrastructure/restore-backup.ts",
        "server/infrastructure/data-dir-refusal.ts",
      ].includes(path)
    );
  },
  serverImportsCli: (file: string, specifier: string) => {
    const path = target(file, specifier);
    return path !== undefined && (path === "cli" || path.startsWith("cli/"));
  },
} satisfies Record<string, Rule>;

describe("architecture", () => {
  it("server/ never imports electron", () => {
    expect(violations("server", rules.serverImportsElectron)).toEqual([]);
  });

  it("renderer/ imports neither main/ nor server internals (only server/domain/)", () => {
    expect(violations("renderer", rules.rendererImportsMainOrServerInternals)).toEqual([]);
  });

  it("server/domain imports only effect and its sibling domain files", () => {
    expect(violations("server/domain", rules.domainImportsOutsideDomain)).toEqual([]);
  });

  it("main/ uses the server only through its public entry, server/index.ts", () => {
    expect(violations("main", rules.mainImportsServerInternals)).toEqual([]);
    expect(violations("preload", rules.mainImportsServerInternals)).toEqual([]);
  });

  it("server/application imports only effect, the domain and itself (never infrastructure, http or Node)", () => {
    expect(violations("server/application", rules.applicationImportsOutward)).toEqual([]);
  });

  it("main/core (the decisions tested under Node) never imports electron", () => {
    expect(violations("main/core", rules.mainCoreImportsElectron)).toEqual([]);
  });

  it("the repository contract (tests/contract/) uses a store through its port only, never an adapter", () => {
    expect(violations("tests/contract", rules.contractImportsAdapters)).toEqual([]);
  });

  it("cli/ uses the server only through its schemas, config decoding and start/restore entries; server/ never imports cli/", () => {
    expect(violations("cli", rules.cliImportsServerInternals)).toEqual([]);
    expect(violations("server", rules.serverImportsCli)).toEqual([]);
  });

  it("the rules catch what they are meant to catch", () => {
    const at = (path: string) => join(root, path);
    const sample = `
      import { app } from "electron";
      import type { Settings } from '../../main/core/settings.ts';
      export { x } from "../server/http/app.ts";
      const lazy = await import("../../server/start-server.ts");
      const legacy = require("electron/main");
      import "./side-effect.css";
      // import { ignored } from "electron";
    `;
    expect(importsOf(sample)).toEqual([
      "electron",
      "../../main/core/settings.ts",
      "../server/http/app.ts",
      "./side-effect.css",
      "../../server/start-server.ts",
      "electron/main",
    ]);
    expect(rules.serverImportsElectron(at("server/x.ts"), "electron")).toBe(true);
    expect(rules.serverImportsElectron(at("server/x.ts"), "electron-vite")).toBe(false);
    const renderer = at("renderer/src/features/board/wall-board.tsx");
    expect(rules.rendererImportsMainOrServerInternals(renderer, "../../../../main/core/settings.ts")).toBe(true);
    expect(rules.rendererImportsMainOrServerInternals(renderer, "../../../../server/http/app.ts")).toBe(true);
    expect(rules.rendererImportsMainOrServerInternals(renderer, "../../../../server/domain/test-run.ts")).toBe(false);
    expect(rules.rendererImportsMainOrServerInternals(renderer, "../../../../server/domainx/evil.ts")).toBe(true);
    expect(rules.rendererImportsMainOrServerInternals(renderer, "react")).toBe(false);
    const desktop = at("main/core/desktop-startup.ts");
    expect(rules.mainImportsServerInternals(desktop, "../../server/index.ts")).toBe(false);
    expect(rules.mainImportsServerInternals(desktop, "../../server/infrastructure/data-dir.ts")).toBe(true);
    expect(rules.mainImportsServerInternals(desktop, "./settings.ts")).toBe(false);
    const usecase = at("server/application/usecases/open-event-stream.ts");
    expect(rules.applicationImportsOutward(usecase, "../ports/clock.ts")).toBe(false);
    expect(rules.applicationImportsOutward(usecase, "../../domain/stream-event.ts")).toBe(false);
    expect(rules.applicationImportsOutward(usecase, "../../infrastructure/adapters/sqlite/event-log.ts")).toBe(true);
    expect(rules.applicationImportsOutward(usecase, "node:fs")).toBe(true);
    const domain = at("server/domain/test-run.ts");
    expect(rules.domainImportsOutsideDomain(domain, "./run-counts.ts")).toBe(false);
    expect(rules.domainImportsOutsideDomain(domain, "effect")).toBe(false);
    expect(rules.domainImportsOutsideDomain(domain, "effect/Schema")).toBe(false);
    expect(rules.domainImportsOutsideDomain(domain, "../application/ports/clock.ts")).toBe(true);
    expect(rules.domainImportsOutsideDomain(domain, "node:crypto")).toBe(true);
    expect(rules.domainImportsOutsideDomain(domain, "fastify")).toBe(true);
    const contractCase = at("tests/contract/cases/paging.ts");
    expect(rules.contractImportsAdapters(contractCase, "../../../server/application/ports/event-sink.ts")).toBe(false);
    expect(rules.contractImportsAdapters(contractCase, "../../../server/domain/write-model/decision.ts")).toBe(false);
    expect(rules.contractImportsAdapters(contractCase, "../support/writes.ts")).toBe(false);
    expect(rules.contractImportsAdapters(contractCase, "vitest")).toBe(false);
    expect(
      rules.contractImportsAdapters(contractCase, "../../../server/infrastructure/adapters/sqlite/event-log.ts"),
    ).toBe(true);
    expect(rules.contractImportsAdapters(contractCase, "../../../server/application/ports/clock.ts")).toBe(true);
    expect(rules.contractImportsAdapters(contractCase, "better-sqlite3")).toBe(true);
    const command = at("cli/commands/token-list.ts");
    expect(rules.cliImportsServerInternals(command, "../../server/domain/token-info.ts")).toBe(false);
    expect(rules.cliImportsServerInternals(command, "../../server/config.ts")).toBe(false);
    expect(rules.cliImportsServerInternals(command, "../../server/http/app.ts")).toBe(true);
    expect(rules.cliImportsServerInternals(command, "../client-command.ts")).toBe(false);
    expect(rules.serverImportsCli(at("server/main.ts"), "../cli/run-cli.ts")).toBe(true);
    const adapterTest = at("tests/contract/sqlite.test.ts");
    expect(rules.contractImportsAdapters(adapterTest, "../../server/infrastructure/adapters/sqlite/database.ts")).toBe(
      false,
    );
  });
});
