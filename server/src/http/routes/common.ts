import { ErrorAnswerSchema } from '@parcours/shared';

/** An OpenAPI response entry with a JSON body. */
export const json = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** Error responses, all with the same body shape. */
export const errors = (...codes: number[]): Record<number, ReturnType<typeof json<typeof ErrorAnswerSchema>>> =>
  Object.fromEntries(codes.map((code) => [code, json(ErrorAnswerSchema, 'error')]));

/** A required JSON body described by a zod schema (validated before the handler runs). */
export const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
