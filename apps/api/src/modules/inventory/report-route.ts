import type { ListFormat } from "@relais/shared/lists";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import type { CsvColumn } from "../../lib/csv.ts";
import { CSV_MAX_ROWS, offsetOf, sendTable } from "../../lib/lists.ts";

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type ScopedQuery = { region?: string | undefined; school?: string | undefined; format: ListFormat };
type PagedQuery = ScopedQuery & { page: number; pageSize: number };
type ReportScope = { region: string | undefined; school: string | undefined };
type Page = { limit: number; offset: number };
const isPaged = (q: ScopedQuery | PagedQuery): q is PagedQuery => "page" in q;

/**
 * One inventory report (seed 004 §7.5.4) as a GET route: it covers one school or a region (the
 * actor's by default) and answers JSON, or the same rows as a CSV or XLSX file. A paged report
 * answers one page in JSON but puts every row (up to CSV_MAX_ROWS) in the file.
 */
export function reportRoute<Q extends z.ZodType<ScopedQuery | PagedQuery>, Row>(
  app: ZodApp,
  path: string,
  spec: {
    summary: string;
    querystring: Q;
    response: z.ZodType;
    /** The exported file's name without its extension, possibly after the query ("effectifs-type"). */
    filename: string | ((q: z.output<Q>) => string);
    columns: readonly CsvColumn<Row>[] | ((q: z.output<Q>) => readonly CsvColumn<Row>[]);
    load: (ctx: Ctx, scope: ReportScope, q: z.output<Q>, page: Page) => Promise<{ items: readonly Row[] }>;
  },
) {
  app.get(
    path,
    { schema: { tags: ["inventaire"], summary: spec.summary, querystring: spec.querystring, response: { 200: spec.response } } },
    async (request, reply) => {
      const q = request.query as z.output<Q>;
      const paged = isPaged(q) ? q : null;
      const page = q.format !== "json" || !paged ? { limit: CSV_MAX_ROWS, offset: 0 } : { limit: paged.pageSize, offset: offsetOf(paged) };
      const result = await spec.load(request.ctx(), { region: q.region, school: q.school }, q, page);
      if (q.format !== "json") {
        const filename = typeof spec.filename === "function" ? spec.filename(q) : spec.filename;
        const columns = typeof spec.columns === "function" ? spec.columns(q) : spec.columns;
        return sendTable(reply, filename, result.items, columns, q.format);
      }
      return paged ? { ...result, page: paged.page, pageSize: paged.pageSize } : result;
    },
  );
}
