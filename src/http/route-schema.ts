import { z } from 'zod';
import type { FastifySchemaCompiler } from 'fastify';
import { ValidationError, problemsFromZod, type FieldProblem } from '../services/accounts/service-errors.ts';

/**
 * One source of truth per route: a zod schema validates the request and its JSON Schema rendering
 * (`z.toJSONSchema`, OpenAPI 3.0 flavour) documents it in /openapi.json. Fastify hands the JSON Schema
 * object back to the validator compiler, which finds the zod schema it came from; a route schema not made
 * by `schemaOf` is a programming error caught at startup.
 */

const zodOf = new WeakMap<object, z.ZodType>();

export function schemaOf(zs: z.ZodType): Record<string, unknown> {
  const js = z.toJSONSchema(zs, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete js['$schema'];
  zodOf.set(js, zs);
  return js;
}

export class RequestValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  readonly retryable = false;
  readonly statusCode = 400;
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** Request parts are named as a client would write them: `body.phones.0.number`, `query.limit`. */
const partNames: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart, method, url }) => {
  const zs = zodOf.get(schema as object);
  if (!zs) throw new Error(`route ${method} ${url}: ${httpPart} schema was not built with schemaOf()`);
  const root = partNames[httpPart ?? 'body'] ?? 'body';
  return (data: unknown) => {
    const r = zs.safeParse(data);
    return r.success
      ? { value: r.data }
      : { error: new RequestValidationError(problemsFromZod(r.error.issues, root)) };
  };
};

/** Query-string helpers: everything arrives as text. */
export const q = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  text: (max = 200) => z.string().trim().min(1).max(max).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  instant: z.iso.datetime({ offset: true }).optional(),
};

export const idParams = (name: string) => schemaOf(z.object({ [name]: z.string().min(1).max(100) }).strict());

/**
 * Service validation (phone numbers, configured trunks) names fields relative to what it was given; the API
 * names them from the request, like the route schema does (`body.phones.0.number`, `query.phone`).
 */
export async function fieldsUnder<T>(root: 'body' | 'query', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ValidationError)
      throw new RequestValidationError(
        err.problems.map((p) => ({ field: `${root}.${p.field}`, message: p.message })),
      );
    throw err;
  }
}
