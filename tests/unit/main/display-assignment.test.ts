import { describe, expect, it } from "vitest";
import type { BoardChoice } from "../../../main/core/board-choice.ts";
import {
  assignBoards,
  type DisplayInfo,
  planWindows,
  rememberBoard,
  type RememberedDisplay,
} from "../../../main/core/display-assignment.ts";

const display = (id: string, x: number, label = "", width = 1920, height = 1080): DisplayInfo => ({
  id,
  label,
  bounds: { x, y: 0, width, height },
  primary: x === 0,
});

const all: BoardChoice = { kind: "all" };
const radio: BoardChoice = { kind: "run", runId: "01RADIO" };
const power: BoardChoice = { kind: "runs", runIds: ["01POWER", "01DISPLAY"] };

const remember = (
  displays: ReadonlyArray<DisplayInfo>,
  boards: ReadonlyArray<BoardChoice>,
): ReadonlyArray<RememberedDisplay> => {
  let memory: ReadonlyArray<RememberedDisplay> = [];
  displays.forEach((d, i) => {
    memory = rememberBoard(memory, d, boards[i] ?? all, 1_000);
  });
  return memory;
};

const boardsOf = (result: ReturnType<typeof assignBoards>) =>
  result.assignments.map((a) => [a.display.id, a.board, a.matchedBy]);

describe("display assignment", () => {
  const left = display("11", 0, "DELL U2720Q");
  const middle = display("22", 1920, "DELL U2720Q");
  const right = display("33", 3840, "LG 27UL");
  const memory = remember([left, middle, right], [radio, power, all]);

  it("gives a screen never seen the default board", () => {
    const result = assignBoards([left], [], all, 5);
    expect(boardsOf(result)).toEqual([["11", all, "new"]]);
    expect(result.remembered).toHaveLength(1);
  });

  it("keeps each screen's board whatever order the OS lists them in", () => {
    const forward = assignBoards([left, middle, right], memory, all, 5);
    const shuffled = assignBoards([right, left, middle], memory, all, 5);
    expect(boardsOf(shuffled)).toEqual(boardsOf(forward));
    expect(boardsOf(forward)).toEqual([
      ["11", radio, "id"],
      ["22", power, "id"],
      ["33", all, "id"],
    ]);
  });

  it("remembers an unplugged screen and restores its board when it comes back", () => {
    const unplugged = assignBoards([left, right], memory, all, 10);
    expect(boardsOf(unplugged)).toEqual([
      ["11", radio, "id"],
      ["33", all, "id"],
    ]);
    expect(unplugged.remembered.map((r) => r.id)).toContain("22");
    const back = assignBoards([left, middle, right], unplugged.remembered, all, 20);
    expect(back.assignments[1]).toMatchObject({ board: power, matchedBy: "id" });
  });

  it("finds a re-numbered screen by its name and size, then by where it sits", () => {
    const renumbered = [
      display("91", 0, "DELL U2720Q"),
      display("92", 1920, "DELL U2720Q"),
      display("93", 3840, "LG 27UL"),
    ];
    expect(boardsOf(assignBoards(renumbered, memory, all, 5))).toEqual([
      ["91", radio, "label"],
      ["92", power, "label"],
      ["93", all, "label"],
    ]);
    const nameless = [display("81", 0), display("82", 1920)];
    const namelessMemory = remember([display("1", 0), display("2", 1920)], [power, radio]);
    expect(boardsOf(assignBoards(nameless, namelessMemory, all, 5))).toEqual([
      ["81", power, "position"],
      ["82", radio, "position"],
    ]);
  });

  it("follows a re-arranged screen by its id, not its old place", () => {
    const swapped = [display("22", 0, "DELL U2720Q"), display("11", 1920, "DELL U2720Q")];
    const result = assignBoards(swapped, memory, all, 5);
    expect(boardsOf(result)).toEqual([
      ["22", power, "id"],
      ["11", radio, "id"],
    ]);
    expect(result.remembered.find((r) => r.id === "22")?.x).toBe(0);
  });

  it("never gives one remembered board to two screens", () => {
    const twins = [
      display("71", 0, "DELL U2720Q"),
      display("72", 1920, "DELL U2720Q"),
      display("73", 3840, "DELL U2720Q"),
    ];
    const oneRemembered = remember([display("5", 0, "DELL U2720Q")], [radio]);
    const result = assignBoards(twins, oneRemembered, all, 5);
    expect(result.assignments.filter((a) => a.board === radio)).toHaveLength(1);
  });

  it("keeps its memory bounded, newest first", () => {
    let memoryOfMany: ReadonlyArray<RememberedDisplay> = [];
    for (let i = 0; i < 100; i += 1)
      memoryOfMany = assignBoards([display(String(i), 0, `screen ${i}`, 800 + i)], memoryOfMany, all, i).remembered;
    expect(memoryOfMany.length).toBeLessThanOrEqual(32);
    expect(memoryOfMany[0]?.id).toBe("99");
  });
});

describe("window plan", () => {
  const spec = (displayId: string, url: string, x = 0) => ({
    displayId,
    url,
    bounds: { x, y: 0, width: 1920, height: 1080 },
  });

  it("opens, closes, moves and re-points windows so there is exactly one per wanted screen", () => {
    const current = [spec("1", "http://h/board"), spec("2", "http://h/board", 1920), spec("3", "http://h/board", 3840)];
    const wanted = [
      spec("1", "http://h/board/01RUN"),
      spec("2", "http://h/board", 0),
      spec("4", "http://h/board", 1920),
    ];
    const plan = planWindows(current, wanted);
    expect(plan.close).toEqual(["3"]);
    expect(plan.open.map((s) => s.displayId)).toEqual(["4"]);
    expect(plan.move.map((s) => s.displayId)).toEqual(["2"]);
    expect(plan.navigate.map((s) => s.displayId)).toEqual(["1"]);
  });

  it("does nothing when nothing changed", () => {
    const current = [spec("1", "http://h/board")];
    expect(planWindows(current, current)).toEqual({ close: [], open: [], move: [], navigate: [] });
  });
});
