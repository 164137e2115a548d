/**
 * The cases of a kept-statement test three times over, the second time in reverse order: each
 * shape then follows other shapes and other values of its own, so a value that sticks to a kept
 * statement, or two shapes that share one, shows as a wrong answer.
 */
export function inThreeRounds<T>(cases: readonly T[]): T[] {
  return [...cases, ...[...cases].reverse(), ...cases];
}
