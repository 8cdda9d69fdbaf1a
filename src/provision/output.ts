/**
 * Where provisioning prints its report: `process.stdout.write` in the CLI, an array in tests.
 * Each call receives complete lines, newline included.
 */
export type Output = (text: string) => void;
