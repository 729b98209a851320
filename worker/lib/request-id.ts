// A caller (a load balancer, our own front end, a test) may pass its id along; anything that does
// not look like an id is replaced, so a header cannot inject text into our logs.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && ACCEPTABLE.test(incoming) ? incoming : crypto.randomUUID();
}
