/** True when the user asked the system for less motion: chapters then jump to their end instead of playing. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
