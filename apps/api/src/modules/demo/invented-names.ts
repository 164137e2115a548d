import { DEMO_EMAIL_DOMAIN } from "./demo-accounts.ts";
import { pick, seededRandom } from "./prng.ts";

/**
 * Common French first names and surnames, combined at random: the people are invented. No
 * surname here appears in the seed documents (checked when the list was written), so no demo
 * person can carry the name of someone the seeds mention.
 */
const FIRST_NAMES = [
  "Camille",
  "Julien",
  "Sophie",
  "Thomas",
  "Nathalie",
  "Nicolas",
  "Isabelle",
  "Stéphane",
  "Céline",
  "Mathieu",
  "Aurélie",
  "Sébastien",
  "Émilie",
  "Guillaume",
  "Sandrine",
  "Olivier",
  "Virginie",
  "Laurent",
  "Hélène",
  "Vincent",
  "Caroline",
  "Fabrice",
  "Élodie",
  "Antoine",
  "Mélanie",
  "Romain",
  "Delphine",
  "Cédric",
  "Amandine",
  "Benoît",
  "Agathe",
  "Yannick",
  "Léa",
  "Hugo",
  "Chloé",
  "Lucas",
  "Manon",
  "Maxime",
  "Inès",
  "Karim",
  "Samira",
  "Mehdi",
  "Nadia",
  "Yacine",
  "Leïla",
  "Bruno",
  "Valérie",
  "Pascal",
  "Anne",
  "Grégoire",
  "Margaux",
  "Théo",
  "Pauline",
  "Arnaud",
  "Claire",
  "Damien",
  "Lucie",
  "Florent",
  "Justine",
  "Xavier",
  "Sarah",
  "Malik",
  "Fatou",
  "Kevin",
  "Jérôme",
  "Odile",
  "Gaëlle",
  "Thi Mai",
  "Rachid",
  "Sylvie",
] as const;

const LAST_NAMES = [
  "Moreau",
  "Lefèvre",
  "Garnier",
  "Faure",
  "Rousseau",
  "Blanchard",
  "Guérin",
  "Boyer",
  "Chevalier",
  "Lambert",
  "Fontaine",
  "Mercier",
  "Dupuis",
  "Bonnet",
  "Girard",
  "Roussel",
  "Marchand",
  "Perrin",
  "Renaud",
  "Barbier",
  "Meunier",
  "Brunet",
  "Leclerc",
  "Gauthier",
  "Picard",
  "Caron",
  "Vidal",
  "Aubert",
  "Roche",
  "Lemaire",
  "Colin",
  "Masson",
  "Huet",
  "Carpentier",
  "Royer",
  "Rolland",
  "Hamon",
  "Ferrand",
  "Besson",
  "Tessier",
  "Poulain",
  "Charpentier",
  "Giraud",
  "Bernardi",
  "Santini",
  "Castel",
  "Olivieri",
  "Pellegrin",
  "Maurel",
  "Estève",
  "Bonifay",
  "Ripert",
  "Benali",
  "Haddad",
  "Diallo",
  "Nguyen",
  "Traoré",
  "Mansouri",
  "Ferreira",
  "Da Silva",
  "Kaci",
  "Bouzid",
  "Morel",
  "Lacroix",
  "Baron",
  "Collet",
  "Prévost",
  "Jacquet",
  "Leblanc",
  "Hubert",
  "Cordier",
  "Langlois",
  "Dumont",
  "Vasseur",
  "Delorme",
  "Marty",
  "Joly",
  "Rey",
  "Bailly",
  "Arnoux",
  "Granier",
  "Sauvage",
  "Ollivier",
  "Tran",
  "Cissé",
  "Bensaïd",
  "Lopes",
  "Schmitt",
  "Klein",
  "Weber",
] as const;

export type InventedPerson = { firstName: string; lastName: string; email: string };

/** "Thi Mai Da Silva" → "thi-mai.da-silva": the local part of an e-mail. */
export function emailSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Hands out invented people, each with a unique e-mail at the demo domain (a number is added
 * on a repeat). `reservedEmails` (the named demo accounts) are never handed out.
 */
export function createNameSource(seed: string, reservedEmails: Iterable<string>): () => InventedPerson {
  const random = seededRandom(seed);
  const taken = new Set(reservedEmails);
  return () => {
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const base = `${emailSlug(firstName)}.${emailSlug(lastName)}`;
    let email = `${base}@${DEMO_EMAIL_DOMAIN}`;
    for (let n = 2; taken.has(email); n++) email = `${base}${n}@${DEMO_EMAIL_DOMAIN}`;
    taken.add(email);
    return { firstName, lastName, email };
  };
}
