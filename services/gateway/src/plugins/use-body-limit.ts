// Request bodies are bounded before anything reads them: a hostile or broken client cannot
// make the gateway buffer and parse megabytes of JSON (authentication comes after parsing).
// Hand-written: neither Yoga nor Node's HTTP server has a body limit.
import { readLimitedBody } from '@bvg/auth';
import type { Plugin } from 'graphql-yoga';

const tooLarge = (maxBytes: number) =>
  Response.json(
    {
      errors: [
        {
          message: `The request body is over ${maxBytes} bytes`,
          extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes },
        },
      ],
    },
    { status: 413 },
  );

export function useBodyLimit(maxBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.body === null) return;
      const declared = request.headers.get('content-length');
      // Node's parser reads no more than a declared length, so one within the limit needs no
      // reading here. Otherwise (over it, chunked, an in-process Request): at most maxBytes.
      if (declared !== null && Number(declared) <= maxBytes) return;
      const body = await readLimitedBody(request, maxBytes);
      if (body === null) {
        endResponse(tooLarge(maxBytes));
        return;
      }
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
        }),
      );
    },
  };
}
