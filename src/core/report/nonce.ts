/**
 * A random nonce for a page's script tags, from Web Crypto (present in Node ≥ 19, browsers and the
 * VS Code extension host), without Node or DOM imports so core stays platform-neutral.
 */
export function nonce(): string {
  const bytes = new Uint8Array(18);
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
