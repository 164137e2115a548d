import { userInfo } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { FastifyBaseLogger } from "fastify";
import { ImportFileError, runImportSchools } from "./cli/import-schools.ts";
import { PromptAborted, promptSecret } from "./cli/prompt.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type Ctx, systemActor, systemClock } from "./context.ts";
import type { Database } from "./db/client.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { migrate } from "./db/migrate.ts";
import { openDatabase } from "./db/open.ts";
import { AppError } from "./errors.ts";
import { withSecretKey } from "./lib/secret-key-file.ts";
import { purgeSecurityLog, SECURITY_LOG_RETENTION_MONTHS } from "./modules/audit/audit.jobs.ts";
import { createAdminAccount } from "./modules/auth/admin-accounts.service.ts";
import { currentTotpCode } from "./modules/auth/secrets.ts";
import { loadDemoData } from "./modules/demo/demo.service.ts";
import { DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET, findDemoAccount, hasDemoTotp } from "./modules/demo/demo-accounts.ts";
import { demoAccountLines } from "./modules/demo/demo-banner.ts";
import { pollMailboxNow } from "./modules/mail-in/mail-in.poller.ts";
import type { InboundOutcome } from "./modules/mail-in/mail-in.schema.ts";
import { createRegion, type RegionInput } from "./modules/regions/regions.service.ts";
import { noJobs } from "./plugins/jobs.ts";

/**
 * `npx relais <command>` (or `npm run relais -- <command>`): the operations a Region's IT team
 * runs by hand. Exit codes: 0 success, 1 failure (the message says why), 2 wrong usage.
 */
type Env = Record<string, string | undefined>;
type Values = Record<string, string | boolean | undefined>;
type Command = {
  usage: string;
  summary: string;
  details: string[];
  options: NonNullable<ParseArgsConfig["options"]>;
  positionals: { min: number; max: number; name?: string };
  run: (input: { values: Values; positionals: string[]; env: Env }) => Promise<number>;
};

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  migrate: {
    usage: "migrate",
    summary: "applique les migrations de la base de données",
    details: [
      "Applique les migrations en attente, sur PostgreSQL si DATABASE_URL est défini, sinon sur la base",
      "embarquée de DATA_DIR. Sans danger si plusieurs serveurs démarrent en même temps (verrou).",
    ],
    options: {},
    positionals: { min: 0, max: 0 },
    run: async ({ env }) => {
      const config = loadConfig(env);
      const database = await openDatabase(config, { migrate: false });
      try {
        const applied = await migrate(database);
        console.log(applied.length ? `Migration(s) appliquée(s) : ${applied.join(", ")}.` : "La base est à jour : aucune migration à appliquer.");
      } finally {
        await database.close();
      }
      return EXIT_OK;
    },
  },

  "create-region": {
    usage: "create-region CODE --name NOM --model outsourced|in_house",
    summary: "crée une région (un locataire de la plateforme)",
    details: [
      "CODE : court, en minuscules (ex. idf, paca) ; c'est lui que les autres commandes demandent (--region).",
      "--model : outsourced (centre de services et prestataires, comme l'Île-de-France) ou in_house",
      "(techniciens régionaux par secteur et zone, comme Provence-Alpes-Côte d'Azur).",
    ],
    options: { name: { type: "string" }, model: { type: "string" } },
    positionals: { min: 1, max: 1, name: "CODE" },
    run: async ({ values, positionals, env }) => {
      const name = required(values, "name");
      const operatingModel = required(values, "model") as RegionInput["operatingModel"];
      return withDatabase(env, async (database) => {
        const region = await createRegion(cliCtx(database), { code: positionals[0] as string, name, operatingModel });
        console.log(`Région créée : ${region.name} (code ${region.code}).`);
        console.log(`Ensuite : npx relais create-admin --region ${region.code} …, puis npx relais import-schools FICHIER.csv --region ${region.code}.`);
        return EXIT_OK;
      });
    },
  },

  "create-admin": {
    usage: "create-admin --email E --first-name P --last-name N [--region CODE]",
    summary: "crée un administrateur (de la plateforme, ou d'une région avec --region)",
    details: [
      "Crée la personne, son mot de passe et son rôle : administrateur régional de la région CODE",
      "(ex. --region idf), ou administrateur de la plateforme sans --region.",
      "Mot de passe : demandé au clavier (sans écho), ou lu dans la variable RELAIS_ADMIN_PASSWORD,",
      "ou donné par --password (déconseillé : il reste dans l'historique du shell). Au moins",
      "12 caractères mêlant trois sortes parmi minuscules, majuscules, chiffres et symboles.",
      "La double authentification sera exigée à la première connexion.",
    ],
    options: {
      email: { type: "string" },
      "first-name": { type: "string" },
      "last-name": { type: "string" },
      region: { type: "string" },
      password: { type: "string" },
    },
    positionals: { min: 0, max: 0 },
    run: async ({ values, env }) => {
      const email = required(values, "email");
      const firstName = required(values, "first-name");
      const lastName = required(values, "last-name");
      const password = await adminPassword(values, env);
      return withDatabase(env, async (database) => {
        const created = await createAdminAccount(cliCtx(database), { email, firstName, lastName, regionCode: stringValue(values, "region") ?? null, password });
        console.log(`Administrateur créé : ${firstName} ${lastName} <${created.email}>`);
        console.log(`  Rôle : ${created.roleLabel}${created.regionName ? ` — ${created.regionName}` : ""}`);
        console.log("À sa première connexion, Relais lui demandera d'activer la double authentification");
        console.log("(application TOTP : Aegis, FreeOTP, Google Authenticator…) avant tout accès.");
        return EXIT_OK;
      });
    },
  },

  demo: {
    usage: "demo",
    summary: "charge les données de démonstration (sans effet si elles sont déjà là)",
    details: [
      "Charge deux régions de démonstration (Île-de-France et Provence-Alpes-Côte d'Azur), leurs lycées",
      "publics, des prestataires et des personnes inventées pour chaque rôle. `npm start` le fait de",
      "lui-même. Les comptes de démonstration ne se connectent qu'en mode démonstration.",
    ],
    options: {},
    positionals: { min: 0, max: 0 },
    run: async ({ env }) =>
      withDatabase(env, async (database) => {
        const result = await loadDemoData(cliCtx(database));
        if (result.status === "already_loaded") {
          console.log("Les données de démonstration sont déjà chargées : rien à faire.");
        } else {
          const c = result.counts;
          console.log(
            `Données de démonstration chargées en ${(result.durationMs / 1000).toFixed(1)} s : ${c.regions} régions, ${c.sectors} secteurs, ${c.zones} zones, ${c.schools} lycées, ${c.organisations} organisations, ${c.people} personnes.`,
          );
        }
        console.log(["", ...demoAccountLines(), "", "Ces comptes ne se connectent qu'en mode démonstration : lancez `npm start`."].join("\n"));
        return EXIT_OK;
      }),
  },

  "import-schools": {
    usage: "import-schools FICHIER --region CODE [--dry-run] [--school-year 2025-2026]",
    summary: "importe ou met à jour les lycées d'une région depuis un fichier CSV ou XLSX",
    details: [
      "Fichier CSV séparé par « ; », encodé en UTF-8, ou classeur XLSX (sa première feuille), reconnu",
      "à son contenu. Deux formats, reconnus à leur en-tête :",
      "  - le fichier DEPP des lycées (uai;uai_check_ok;nom;type_lycee;secteur;academie;region;",
      "    code_departement;departement;code_insee_commune;commune;eff_…) : les lycées privés et ceux",
      "    d'une autre région sont ignorés ;",
      "  - le format simple : uai;nom;type;academie;departement;commune, obligatoires, et en option",
      "    code_secteur;code_zone;mode (numérique|papier);wifi (aucun|partiel|complet);debit_mbps;",
      "    telemaintenance (oui|non).",
      "  Les deux acceptent les effectifs eff_2nde_gt;eff_2nde_specifique;eff_1ere_g;eff_1ere_techno;",
      "  eff_tle_g;eff_tle_techno, enregistrés pour --school-year (par défaut l'année en cours).",
      "Type : LEGT (ou LGT), LP, LPO, agricole, cité mixte. Une cellule vide laisse la valeur actuelle.",
      "Chaque ligne est vérifiée (UAI et sa lettre de contrôle, type, département…). Si une seule est",
      "fausse, rien n'est écrit et chaque erreur est listée avec sa ligne et sa colonne. Sinon tout",
      "est écrit en une seule transaction : un UAI déjà connu est mis à jour, jamais dupliqué.",
      "--dry-run vérifie et compte sans rien écrire.",
    ],
    options: { region: { type: "string" }, "dry-run": { type: "boolean" }, "school-year": { type: "string" } },
    positionals: { min: 1, max: 1, name: "FICHIER" },
    run: async ({ values, positionals, env }) => {
      const regionCode = required(values, "region");
      const schoolYear = stringValue(values, "school-year");
      return withDatabase(env, (database) =>
        runImportSchools(cliCtx(database), {
          file: positionals[0] as string,
          regionCode,
          dryRun: values["dry-run"] === true,
          ...(schoolYear ? { schoolYear } : {}),
        }),
      );
    },
  },

  "totp-code": {
    usage: "totp-code EMAIL",
    summary: "DÉMO : affiche le code de double authentification d'un compte de démonstration",
    details: ["Pour passer la double authentification d'un compte administrateur de démonstration sans", "téléphone. Refusé pour tout autre compte."],
    options: {},
    positionals: { min: 1, max: 1, name: "EMAIL" },
    run: async ({ positionals }) => {
      const email = positionals[0] as string;
      // No database here on purpose: while `npm start` runs, it holds the embedded database. The
      // demo administrators share DEMO_TOTP_SECRET, published with the code, so this reveals nothing.
      const account = findDemoAccount(email);
      if (!account) {
        console.error(
          `« ${email} » n'est pas un compte de démonstration : cette commande ne sert qu'aux comptes …@${DEMO_EMAIL_DOMAIN} affichés au démarrage de \`npm start\`.`,
        );
        return EXIT_FAILURE;
      }
      if (!hasDemoTotp(account)) {
        console.error(`${account.email} n'a pas de double authentification : son mot de passe suffit.`);
        return EXIT_FAILURE;
      }
      const now = systemClock.now();
      const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
      console.log(currentTotpCode(DEMO_TOTP_SECRET, now));
      console.error(`(code de ${account.email}, valable encore ${secondsLeft} s ; chaque code ne sert qu'une fois)`);
      return EXIT_OK;
    },
  },

  "poll-mailbox": {
    usage: "poll-mailbox --region CODE",
    summary: "relève tout de suite la boîte aux lettres du support d'une région",
    details: [
      "Lit les messages non lus du compte IMAP réglé par la région et les traite comme le serveur le fait",
      "chaque minute : ticket ouvert, réponse ajoutée à un ticket, réponse à un expéditeur qui ne peut pas",
      "ouvrir de ticket, message automatique ignoré. Un message n'est jamais traité deux fois, même si un",
      "serveur relève la boîte au même moment. Les courriels partent par la file d'envoi du serveur.",
    ],
    options: { region: { type: "string" } },
    positionals: { min: 0, max: 0 },
    run: async ({ values, env }) => {
      const regionCode = required(values, "region");
      return withDatabase(env, async (database, config) => {
        const summary = await pollMailboxNow({ ...cliCtx(database), log: consoleLog, jobs: noJobs, config }, regionCode);
        const outcomes = Object.entries(summary.outcomes).map(([outcome, count]) => `${count} ${OUTCOME_WORDS[outcome as InboundOutcome]}`);
        console.log(
          summary.fetched === 0
            ? "Aucun message non lu."
            : `${summary.fetched} message(s) relevé(s) : ${[...outcomes, ...(summary.duplicates ? [`${summary.duplicates} déjà traité(s)`] : [])].join(", ") || "rien de nouveau"}.`,
        );
        if (summary.failed > 0) console.error(`${summary.failed} message(s) non traité(s), laissé(s) non lu(s) pour le prochain relevé (voir le journal).`);
        return summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
      });
    },
  },

  "purge-security-log": {
    usage: "purge-security-log",
    summary: `supprime les entrées du journal de sécurité de plus de ${SECURITY_LOG_RETENTION_MONTHS} mois`,
    details: [
      `Les journaux de sécurité ne sont pas conservés plus de ${SECURITY_LOG_RETENTION_MONTHS} mois. Le serveur purge chaque nuit ;`,
      "cette commande lance la même purge une fois, tout de suite.",
    ],
    options: {},
    positionals: { min: 0, max: 0 },
    run: async ({ env }) =>
      withDatabase(env, async (database) => {
        const deleted = await purgeSecurityLog(database.db, systemClock.now());
        console.log(`${deleted} entrée(s) du journal de sécurité de plus de ${SECURITY_LOG_RETENTION_MONTHS} mois supprimée(s).`);
        return EXIT_OK;
      }),
  },
};

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "Relais — commandes d'exploitation",
    "",
    "Usage : npx relais <commande> [options]     (ou : npm run relais -- <commande> [options])",
    "",
    "Commandes :",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    "Aide d'une commande : npx relais <commande> --help",
    "Base de données : PostgreSQL si DATABASE_URL est défini, sinon la base embarquée de DATA_DIR (./data).",
    "Codes de sortie : 0 réussite, 1 échec, 2 commande ou options incorrectes.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const summary = `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`;
  return [`Usage : npx relais ${command.usage}`, "", summary, "", ...command.details].join("\n");
}

/** Runs one command and returns its exit code; every expected failure is a French sentence on stderr. */
export async function runCli(argv: string[], env: Env): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = topic ? COMMANDS[topic] : undefined;
    console.log(command ? commandHelp(command) : generalHelp());
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Commande inconnue : « ${name} ».\n\n${generalHelp()}`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      console.log(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run({ values, positionals, env });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage : npx relais ${command.usage}\nAide : npx relais ${name} --help`);
      return EXIT_USAGE;
    }
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof AppError ||
      error instanceof PromptAborted ||
      error instanceof ImportFileError
    ) {
      console.error(error.message);
      return EXIT_FAILURE;
    }
    if (isConnectionError(error)) {
      console.error(`Connexion à PostgreSQL impossible (DATABASE_URL) : ${(error as Error).message}`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

/** Network and authentication failures reaching PostgreSQL: the server's address or password is wrong. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "28P01" || code === "3D000";
}

function parseCommandArgs(command: Command, args: string[]): { values: Values; positionals: string[] } {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as NodeJS.ErrnoException));
  }
  if (parsed.values.help) return parsed;
  const { min, max, name } = command.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`Argument manquant : ${name ?? "voir l'usage"}.`);
  if (parsed.positionals.length > max) throw new UsageError(`Argument inattendu : « ${parsed.positionals[max]} ».`);
  return parsed;
}

/** node:util's messages are in English; the option's name is all we need from them. */
function parseArgsMessage(error: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Option inconnue : ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `Option ${option} : valeur manquante ou inattendue.`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return "Argument inattendu.";
    default:
      return error.message;
  }
}

function stringValue(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function required(values: Values, name: string): string {
  const value = stringValue(values, name);
  if (!value) throw new UsageError(`Option --${name} obligatoire.`);
  return value;
}

async function adminPassword(values: Values, env: Env): Promise<string> {
  const given = (values.password as string | undefined) ?? env.RELAIS_ADMIN_PASSWORD;
  if (given) return given;
  const password = await promptSecret("Mot de passe : ");
  if (process.stdin.isTTY && (await promptSecret("Mot de passe (confirmation) : ")) !== password) {
    throw new AppError("validation.failed", "Les deux saisies du mot de passe diffèrent : rien n'a été créé.");
  }
  return password;
}

async function withDatabase(env: Env, run: (database: Database, config: Config) => Promise<number>): Promise<number> {
  const config = loadConfig(env);
  const database = await openDatabase(config);
  try {
    return await run(database, withSecretKey(config));
  } finally {
    await database.close();
  }
}

const OUTCOME_WORDS: Record<InboundOutcome, string> = {
  ticket_opened: "ticket(s) ouvert(s)",
  comment_added: "réponse(s) ajoutée(s) à un ticket",
  sender_refused: "expéditeur(s) renvoyé(s) vers leur correspondant",
  ignored: "message(s) automatique(s) ignoré(s)",
  rejected: "message(s) illisible(s) écarté(s)",
};

/** What a use case logs, on the terminal: errors and warnings on stderr, the rest left out. */
const consoleLog = {
  level: "warn",
  fatal: (...args: unknown[]) => console.error(...args.filter((a) => typeof a === "string")),
  error: (...args: unknown[]) => console.error(...args.filter((a) => typeof a === "string")),
  warn: (...args: unknown[]) => console.error(...args.filter((a) => typeof a === "string")),
  info: () => {},
  debug: () => {},
  trace: () => {},
  silent: () => {},
  child: () => consoleLog,
} as unknown as FastifyBaseLogger;

/** Commands act as the platform, and the audit log names who ran them on which machine account. */
function cliCtx(database: Database): Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip"> {
  let user = "inconnu";
  try {
    user = userInfo().username;
  } catch {
    // Some containers run as a uid with no passwd entry.
  }
  return { db: database.db, actor: systemActor(`Ligne de commande (${user})`), clock: systemClock, requestId: null, ip: null };
}
