#!/usr/bin/env node
// `npx relais …`: runs the TypeScript CLI through tsx's loader, so no build step is needed.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
process.exit(await runCli(process.argv.slice(2), process.env));
