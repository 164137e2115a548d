import { useEffect, useRef } from "react";

/** Calls `callback` once the value has stopped changing for `delay` ms (search boxes). */
export function useDebouncedEffect<T>(value: T, delay: number, callback: (value: T) => void) {
  const saved = useRef(callback);
  saved.current = callback;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => saved.current(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
}
