import { type ReportModel, sectionStats, summaryOf } from "./report-model.ts";

/**
 * The report as one JSON document. `format` names its shape and version: a change that removes
 * or retypes a field is a new version; new fields may appear within one.
 */
export const jsonReportFormat = "medi-test.run-report/1";

export const exportJsonDocument = (model: ReportModel) => {
  const summary = summaryOf(model);
  return {
    format: jsonReportFormat,
    generatedAt: model.generatedAt,
    generatedBy: `medi-test ${model.generatorVersion}`,
    server: model.server,
    run: model.run,
    counts: model.run.counts,
    summary: {
      done: summary.done,
      progress: summary.progress,
      passRate: summary.passRate,
      durationMs: summary.durationMs,
    },
    sections: sectionStats(model.items),
    items: model.items,
    comments: model.comments,
    series: model.series.map((p) => ({
      at: new Date(p.at).toISOString(),
      done: p.done,
      failed: p.failed,
      total: p.total,
    })),
  };
};

export const exportJson = (model: ReportModel): string => `${JSON.stringify(exportJsonDocument(model), null, 2)}\n`;
