import type { Readable } from "node:stream";
import { SaxesParser } from "saxes";
import type { JunitCase } from "../../domain/junit/junit-case.ts";
import { type JunitLimits, makeJunitCollector } from "../../domain/junit/junit-collector.ts";
import { HttpError } from "../api-error.ts";

/**
 * Reads a JUnit XML request body as it arrives: each chunk goes through a strict, non-validating
 * XML parser (saxes) into the collector and is dropped, so the file is never held whole. The
 * parser has no DTD support at all: a DOCTYPE is refused here (JUnit files carry none) and any
 * entity but the five of XML is an error, so nothing is expanded and nothing outside is read.
 */

export interface JunitBodyLimits extends JunitLimits {
  /** Bytes of body read at most; past it the answer is 413. */
  readonly maxBytes: number;
}

/**
 * Characters kept of each failure text and output while reading: a little more than a note
 * shows (800 of a failure, 400 of each output), so 10,000 cases hold at most ~30 MB of text.
 */
export const junitTextKept = 1_000;

const utf8Names: ReadonlySet<string> = new Set(["utf-8", "utf8", "us-ascii", "ascii"]);

export const tooLarge = (maxBytes: number): HttpError =>
  new HttpError(
    413,
    "payload_too_large",
    `The JUnit file is larger than ${maxBytes} bytes (--junit-limit); split it or raise the limit`,
    { details: { limit: maxBytes } },
  );

const atPosition = (line: number, column: number, message: string): HttpError =>
  new HttpError(400, "invalid_xml", `The JUnit file is not valid at line ${line}, column ${column}: ${message}`, {
    details: { line, column },
  });

/** saxes prefixes its messages with "line:column: "; the position goes in details instead. */
/** A TextDecoder cannot say where in the file a bad byte was: this answer has no position. */
const notUtf8 = (): HttpError =>
  new HttpError(400, "invalid_xml", "The JUnit file is not UTF-8 text (send it as UTF-8)");

const plainMessage = (message: string): string => message.replace(/^\d+:\d+: /, "");

/** A kept text re-made from its bytes: it no longer holds the chunk of the file it was cut from. */
const detach = (text: string): string => (text.length < 13 ? text : Buffer.from(text, "utf8").toString("utf8"));

export const readJunitBody = (stream: Readable, limits: JunitBodyLimits): Promise<ReadonlyArray<JunitCase>> =>
  new Promise((resolve, reject) => {
    const collector = makeJunitCollector({ ...limits, detach });
    const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let bytes = 0;
    let failure: HttpError | undefined;
    let settled = false;
    // 1-based columns, as editors show them (saxes counts from 0).
    const fail = (message: string): void => {
      failure ??= atPosition(parser.line, parser.column + 1, message);
    };
    const onText = (text: string): void => collector.text(text);
    // saxes buffers text only while a text handler is set: outside kept elements, none is.
    const followText = (): void => (collector.wantsText() ? parser.on("text", onText) : parser.off("text"));
    const checkShape = (): void => {
      const problem = collector.problem();
      if (problem === undefined || failure !== undefined) return;
      failure =
        problem._tag === "NotJunit"
          ? atPosition(
              parser.line,
              parser.column + 1,
              `the root element is <${problem.root}>; a JUnit file starts with <testsuites> or <testsuite>`,
            )
          : new HttpError(
              413,
              "too_many_test_cases",
              `The JUnit file holds more than ${problem.max} test cases (line ${problem.line}); split it into several imports`,
              { details: { limit: problem.max, line: problem.line } },
            );
    };

    parser.on("error", (error) => fail(plainMessage(error.message)));
    parser.on("doctype", () =>
      fail("a DOCTYPE is not accepted (JUnit files have none; DTDs and entities are refused)"),
    );
    parser.on("xmldecl", (decl) => {
      const encoding = decl.encoding?.toLowerCase();
      if (encoding !== undefined && !utf8Names.has(encoding)) fail(`the file must be UTF-8, not ${decl.encoding}`);
    });
    parser.on("opentag", (tag) => {
      if (failure !== undefined) return;
      collector.open(tag.name, tag.attributes, parser.line);
      checkShape();
      followText();
    });
    parser.on("closetag", (tag) => {
      if (failure !== undefined) return;
      collector.close(tag.name);
      followText();
    });
    parser.on("cdata", (text) => {
      if (collector.wantsText()) collector.text(text);
    });

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onError);
      outcome();
    };
    const write = (text: string): void => {
      if (failure !== undefined || text === "") return;
      parser.write(text);
      checkShape();
    };
    function onData(chunk: Buffer | string): void {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        // Answered now; the rest of the body is not read (the connection closes after the answer).
        settle(() => reject(failure ?? tooLarge(limits.maxBytes)));
        return;
      }
      // After a failure the rest is read and dropped, so the client hears the answer.
      if (failure !== undefined) return;
      try {
        write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
      } catch {
        failure ??= notUtf8();
      }
    }
    function onEnd(): void {
      settle(() => {
        try {
          write(decoder.decode());
        } catch {
          failure ??= notUtf8();
        }
        if (failure === undefined) parser.close();
        if (failure !== undefined) reject(failure);
        else resolve(collector.cases());
      });
    }
    function onError(): void {
      settle(() => reject(new HttpError(400, "body_aborted", "The upload broke off before the end of the file")));
    }
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    // A client that goes away mid-upload: "close" without "end".
    stream.on("close", onError);
  });
