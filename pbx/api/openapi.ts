import type { OpenAPIV3_1 } from 'openapi-types';

type Document = OpenAPIV3_1.Document;

/**
 * @fastify/swagger marks every request body required; a body whose schema also accepts
 * `null` (zod `.nullish()`: the route works without one) is documented as optional instead.
 */
export function markNullableBodiesOptional(document: Document): Document {
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path ?? {})) {
      const body = (operation as OpenAPIV3_1.OperationObject | undefined)?.requestBody as
        OpenAPIV3_1.RequestBodyObject | undefined;
      const media = body?.content?.['application/json'];
      const variants = (media?.schema as OpenAPIV3_1.SchemaObject | undefined)?.anyOf;
      const nonNull = variants?.filter((v) => (v as OpenAPIV3_1.SchemaObject).type !== 'null');
      if (!body || !media || !variants || nonNull?.length !== variants.length - 1) continue;
      body.required = false;
      media.schema = nonNull.length === 1 ? nonNull[0] : { anyOf: nonNull };
    }
  }
  return document;
}
