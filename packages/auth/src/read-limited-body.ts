// Hand-written: Request.text() and Yoga read a body whatever its size, and both the token
// endpoint and the gateway's GraphQL endpoint are reachable unauthenticated.

/**
 * The request's body, or null as soon as it is known to be over `maxBytes` (its declared
 * length, or the bytes read so far; the rest is not read).
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
): Promise<Buffer<ArrayBuffer> | null> {
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
