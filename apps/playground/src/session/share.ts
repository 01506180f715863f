// A session shared as a link: the code, deflated and base64url-encoded, in
// the fragment (`#code=...`). No server keeps it; the fragment never leaves
// the browser.
async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** The link that opens this page with `code` in the editor. */
export async function shareLink(code: string, page: string): Promise<string> {
  const packed = await pipeThrough(new TextEncoder().encode(code), new CompressionStream('deflate-raw'));
  return `${page.replace(/#.*$/, '')}#code=${toBase64url(packed)}`;
}

/** The code a link carries in its fragment, or undefined. */
export async function codeOfLink(fragment: string): Promise<string | undefined> {
  const packed = new URLSearchParams(fragment.replace(/^#/, '')).get('code');
  if (!packed) return undefined;
  try {
    return new TextDecoder().decode(await pipeThrough(fromBase64url(packed), new DecompressionStream('deflate-raw')));
  } catch {
    return undefined;
  }
}
