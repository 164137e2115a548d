/**
 * The DEPP file writes names in capitals without accents ("LYCEE POLYVALENT HENRI POINCARE
 * LYCEE DES METIERS DE L AIDE A LA PERSONNE", "AIX EN PROVENCE"). The demo shows them the way
 * a French reader expects them; the import command keeps a file's names as they are.
 */
const ACCENTED: Record<string, string> = {
  A: "à",
  LYCEE: "lycée",
  GENERAL: "général",
  METIERS: "métiers",
  REGIONAL: "régional",
  INTERNATIONAL: "international",
  HOTELLERIE: "hôtellerie",
  SANTE: "santé",
  BATIMENT: "bâtiment",
  ELECTROTECHNIQUE: "électrotechnique",
  SECURITE: "sécurité",
  ESTHETIQUE: "esthétique",
  ELECTRICITE: "électricité",
  ENERGIE: "énergie",
  ENERGIES: "énergies",
  SYSTEMES: "systèmes",
  NUMERIQUE: "numérique",
  DEVELOPPEMENT: "développement",
  GENIE: "génie",
  ELECTRONIQUE: "électronique",
  ANDRE: "André",
  RENE: "René",
  FREDERIC: "Frédéric",
  EUGENE: "Eugène",
  EMILE: "Émile",
  LEONARD: "Léonard",
  THEODORE: "Théodore",
  LEON: "Léon",
  HONORE: "Honoré",
  PREVERT: "Prévert",
  GALILEE: "Galilée",
  BLERIOT: "Blériot",
  CEZANNE: "Cézanne",
  MOLIERE: "Molière",
  JAURES: "Jaurès",
  EXUPERY: "Exupéry",
  POINCARE: "Poincaré",
  EVARISTE: "Évariste",
  ETIENNE: "Étienne",
  HELENE: "Hélène",
  GERARD: "Gérard",
  JEROME: "Jérôme",
  FENELON: "Fénelon",
  EVRY: "Évry",
  HYERES: "Hyères",
  ETAMPES: "Étampes",
  ERAGNY: "Éragny",
  ECOUEN: "Écouen",
  CRETEIL: "Créteil",
};

/** Words written in lower case inside a name ("Lycée des métiers de l'hôtellerie"). */
const LOWER = new Set([
  "DE",
  "DES",
  "DU",
  "LA",
  "LE",
  "LES",
  "ET",
  "A",
  "AU",
  "AUX",
  "EN",
  "SUR",
  "SOUS",
  "LYCEE",
  "GENERAL",
  "TECHNOLOGIQUE",
  "PROFESSIONNEL",
  "POLYVALENT",
  "METIERS",
  "ARRONDISSEMENT",
]);

function word(raw: string, isFirst: boolean): string {
  const known = ACCENTED[raw];
  const lower = known ?? raw.toLowerCase();
  if (!isFirst && (LOWER.has(raw) || (known && known === known.toLowerCase()))) return lower;
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * Formats a name's words. The file writes elided articles as separate words ("DE L AIDE"):
 * they are joined to the next word, which keeps its capital ("de l'Essouriau", "L'Isle").
 */
function formatWords(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const current = words[i] as string;
    const next = words[i + 1];
    if ((current === "L" || current === "D") && next) {
      out.push(`${i === 0 ? current : current.toLowerCase()}'${word(next, true)}`);
      i++;
    } else out.push(word(current, i === 0 || startsProperName(words, i)));
  }
  return out;
}

const SCHOOL_KIND_WORDS = new Set(["LYCEE", "GENERAL", "ET", "TECHNOLOGIQUE", "POLYVALENT", "PROFESSIONNEL"]);

/** An article right after "LYCEE POLYVALENT" opens the proper name: "Lycée polyvalent Les Iscles". */
function startsProperName(words: string[], i: number): boolean {
  return ["LE", "LA", "LES"].includes(words[i] as string) && i > 0 && words.slice(0, i).every((w) => SCHOOL_KIND_WORDS.has(w)) && words[0] === "LYCEE";
}

/**
 * "LYCEE POLYVALENT LEONARD DE VINCI LYCEE DES METIERS DE …" → "Lycée polyvalent Léonard de Vinci".
 * The "lycée des métiers" label and notes in brackets are dropped: they make names too long for a list.
 */
export function formatSchoolName(raw: string): string {
  const expanded = raw
    .replace(/^LYCÉE\b/, "LYCEE")
    .replace(/^LPO\b/, "LYCEE POLYVALENT")
    .replace(/^LP\b/, "LYCEE PROFESSIONNEL")
    .replace(/^LE?GT\b/, "LYCEE GENERAL ET TECHNOLOGIQUE");
  const main = expanded.replace(/\(.*?\)/g, " ").split(/\s+LYCEE DES METIERS\b/)[0] ?? expanded;
  const words = main.trim().split(/\s+/).filter(Boolean);
  return formatWords(words).join(" ");
}

/** "SAINT GERMAIN EN LAYE" → "Saint-Germain-en-Laye", "LA SEYNE SUR MER" → "La Seyne-sur-Mer", "PARIS 15E ARRONDISSEMENT" → "Paris 15e arrondissement". */
export function formatCommune(raw: string): string {
  const district = /^(\S+) (\d+)(E|ER) ARRONDISSEMENT$/.exec(raw.trim());
  if (district) return `${word(district[1] as string, true)} ${district[2]}${(district[3] as string).toLowerCase()} arrondissement`;
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const article = words[0] && ["LE", "LA", "LES", "L"].includes(words[0]) && words.length > 1 ? (words.shift() as string) : null;
  const body = formatWords(words).join("-");
  if (!article) return body;
  return article === "L" ? `L'${body}` : `${word(article, true)} ${body}`;
}
