// A TypeScript client of dtrack as openapi-typescript + openapi-fetch type it from openapi.yaml.
// `npm run check` generates the types and compiles this file with `tsc --strict`: every call below must
// type-check exactly as written, and the @ts-expect-error lines must stay errors (the contract refuses them).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type Level = components["schemas"]["LevelEnum"];
type TargetOrdering = components["schemas"]["TargetsOrderingEnum"];
type Problem = components["schemas"]["Problem"];
type TargetDetail = components["schemas"]["TargetDetail"];

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });

export async function offTrackTargets(): Promise<number[]> {
  const levels: Level[] = ["provincial", "district"];
  const ordering: TargetOrdering[] = ["-gap", "deadline"];
  const { data, error } = await api.GET("/api/v1/targets/", {
    params: {
      query: { as_of: "2025-06-30", status: ["off_track", "at_risk"], level: levels, ordering, province: ["2025-44"], limit: 50 },
    },
  });
  if (error) {
    const problem: Problem = error;
    throw new Error(`${problem.status} ${problem.detail}`);
  }
  // A list also answers CSV and XLSX (`format=csv|xlsx`), so its data is a union: narrow it to the JSON page.
  if (typeof data === "string") throw new Error("expected the JSON page");
  return data.results.map((target) => target.id);
}

export async function offTrackCsv(): Promise<string> {
  const { data, error } = await api.GET("/api/v1/targets/", {
    params: { query: { status: ["off_track"], format: "csv" } },
    parseAs: "text",
  });
  if (error) throw new Error(error.detail);
  return data;
}

export async function oneTarget(id: number): Promise<TargetDetail["status"]> {
  const { data, error, response } = await api.GET("/api/v1/targets/{id}/", {
    params: { path: { id }, query: { as_of: "2024-12-31" } },
  });
  if (error) throw new Error(error.detail);
  const detail: TargetDetail = data; // the detail type, with its explanation
  const etag = response.headers.get("ETag") ?? "*";
  const changed = await api.PATCH("/api/v1/targets/{id}/", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { value: "95" },
  });
  if (changed.error) {
    const problem: Problem = changed.error; // 412 when stale: typed as a problem
    return problem.status === 412 ? detail.status : detail.status;
  }
  await api.DELETE("/api/v1/targets/{id}/", { params: { path: { id }, header: { "If-Match": etag } } });
  return changed.data.status;
}

export async function refused(): Promise<void> {
  // @ts-expect-error an ordering key the schema does not list
  await api.GET("/api/v1/targets/", { params: { query: { ordering: ["-nonsense"] } } });
  // @ts-expect-error a level that is not a LevelEnum value
  await api.GET("/api/v1/targets/", { params: { query: { level: ["national"] } } });
  // @ts-expect-error PATCH without If-Match: the header is required
  await api.PATCH("/api/v1/targets/{id}/", { params: { path: { id: 1 } }, body: { value: "95" } });
}
