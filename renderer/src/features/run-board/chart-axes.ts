/**
 * Room for the chart's axis labels, measured rather than guessed: a fixed size cut "2,000" to
 * ".000" on a large run. Sizes are CSS px; `measure` gives a label's drawn width in the axis font.
 */
export interface AxisRoom {
  /** Tick length, px. */
  readonly tick: number;
  /** Between tick and label, px. */
  readonly gap: number;
  /** Font size, px. */
  readonly fontPx: number;
}

/** Width of the y-axis: the widest label, its tick and gap, and a little air. */
export const yAxisSize = (labels: ReadonlyArray<string>, measure: (text: string) => number, room: AxisRoom): number => {
  let widest = 0;
  for (const label of labels) widest = Math.max(widest, measure(label));
  return Math.ceil(widest + room.tick + room.gap + room.fontPx * 0.4);
};

/** Height of the x-axis: one line of labels below its ticks. */
export const xAxisSize = (room: AxisRoom): number => Math.ceil(room.fontPx * 1.4 + room.tick + room.gap);

/** Space right of the plot so the last time label, centred on its tick, is not cut at the edge. */
export const rightPadding = (labels: ReadonlyArray<string>, measure: (text: string) => number): number => {
  let widest = 0;
  for (const label of labels) widest = Math.max(widest, measure(label));
  return Math.ceil(widest / 2 + 4);
};
