import { isAdministratorRole, type Role } from "@relais/shared/roles";

/**
 * The demo accounts a newcomer logs in with: one per role, with a memorable e-mail. Every
 * person here is invented (DOMAIN: demo data never uses names from the seeds). These accounts,
 * and the hundreds of generated heads, coordinators and technicians, are `is_demo` people: the
 * server refuses them unless it runs in demo mode (`npm start`).
 */
export const DEMO_PASSWORD = "Relais-Demo-2026!";
export const DEMO_EMAIL_DOMAIN = "demo.relais.test";

/**
 * The TOTP secret of every demo administrator, published here on purpose: administrator
 * roles must pass a second factor (seed 001), and a newcomer without an authenticator app gets
 * the current code from `npx relais totp-code EMAIL`. Never used for a real account.
 */
export const DEMO_TOTP_SECRET = "KIIZZXW4BANS346EHIJ2JAAQDAY5YDDL";

export const DEMO_REGIONS = {
  idf: { code: "idf", name: "Île-de-France", operatingModel: "outsourced" },
  paca: { code: "paca", name: "Provence-Alpes-Côte d'Azur", operatingModel: "in_house" },
} as const;
export type DemoRegionCode = keyof typeof DEMO_REGIONS;

export type DemoAccount = {
  role: Role;
  /** null: the platform administrator, who belongs to no region. */
  region: DemoRegionCode | null;
  email: string;
  firstName: string;
  lastName: string;
  /** Where the role is held, when that matters to try it out. */
  note?: string;
  /** For contractor roles: the organisation's name. */
  organisation?: string;
};

const account = (
  role: Role,
  region: DemoRegionCode | null,
  local: string,
  firstName: string,
  lastName: string,
  note?: string,
  organisation?: string,
): DemoAccount => ({
  role,
  region,
  email: `${local}@${DEMO_EMAIL_DOMAIN}`,
  firstName,
  lastName,
  ...(note ? { note } : {}),
  ...(organisation ? { organisation } : {}),
});

export const PACA_CONTRACTOR = "Méditerranée Réseaux Services";

/** The IDF showcase lycée has every school role filled; the PACA one lacks its coordinator. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("platform_admin", null, "plateforme.admin", "Hélène", "Marchetti"),

  account("region_admin", "idf", "idf.admin", "Olivier", "Castel"),
  account("service_head", "idf", "idf.chef-service", "Nathalie", "Bernardi"),
  account("domain_owner", "idf", "idf.responsable-domaine", "Karim", "Delorme"),
  account("unit_head", "idf", "idf.chef-unite", "Sandrine", "Prévost"),
  account("helpdesk_operator", "idf", "idf.operateur-csn", "Yannick", "Tessier"),
  account("rtn", "idf", "idf.rtn", "Agathe", "Vasseur", "secteur de l'académie de Créteil"),
  account("engineer", "idf", "idf.ingenieur", "Mehdi", "Granier"),
  account("equipment_unit", "idf", "idf.unite-equipement", "Virginie", "Langlois"),
  account("security_officer", "idf", "idf.rssi", "Grégoire", "Cordier"),
  account("dpo", "idf", "idf.dpo", "Leïla", "Mansouri"),
  account("academic_advisor", "idf", "idf.conseiller-academique", "Étienne", "Roussel", "DRANE : avis de l'académie sur les projets d'équipement mobile"),
  account("org_manager", "idf", "idf.scc.responsable", "Bruno", "Jacquet", "prestataire SCC (maintenance)", "SCC"),
  account("org_technician", "idf", "idf.spie.technicien", "Damien", "Lopes", "prestataire SPIE (postes, réseau, Wi-Fi)", "SPIE"),
  account("head", "idf", "idf.chef-etablissement", "Isabelle", "Fontaine", "lycée vitrine : tous les rôles désignés"),
  account("bursar", "idf", "idf.gestionnaire", "Pascal", "Ollivier"),
  account("ddfpt", "idf", "idf.ddfpt", "Aurélie", "Sauvage"),
  account("coordinator", "idf", "idf.coordonnateur", "Théo", "Bailly"),
  account("correspondent", "idf", "idf.correspondant", "Margaux", "Rey"),
  account("deputy_correspondent", "idf", "idf.correspondant-suppleant", "Cédric", "Arnoux"),
  account("digital_referent", "idf", "idf.referent-numerique", "Inès", "Haddad"),
  account("adml", "idf", "idf.adml", "Florent", "Klein"),
  account("gar_assigner", "idf", "idf.resp-affect-gar", "Justine", "Collet"),
  account("textbook_prescriber", "idf", "idf.prescripteur", "Romain", "Tran"),
  account("textbook_validator", "idf", "idf.valideur", "Delphine", "Hubert"),
  account("laposte_group", "idf", "idf.groupe-laposte", "Samira", "Benali"),
  account("teacher", "idf", "idf.enseignant", "Lucas", "Marty"),

  account("region_admin", "paca", "paca.admin", "Valérie", "Estève"),
  account("service_head", "paca", "paca.chef-service", "Sébastien", "Maurel", "SIENE"),
  account("unit_head", "paca", "paca.chef-unite", "Claire", "Pellegrin", "UNET"),
  account("engineer", "paca", "paca.ingenieur", "Arnaud", "Santini"),
  account("academic_advisor", "paca", "paca.conseiller-academique", "Sophie", "Albertini", "DRANE : avis de l'académie sur les projets d'équipement mobile"),
  account("sector_head", "paca", "paca.chef-secteur", "Gaëlle", "Olivieri", "secteur Marseille"),
  account("technician", "paca", "paca.technicien", "Malik", "Bonifay", "technicien STIL de la zone du lycée vitrine"),
  account("org_manager", "paca", "paca.prestataire.responsable", "Odile", "Ripert", `prestataire ${PACA_CONTRACTOR}`, PACA_CONTRACTOR),
  account("org_technician", "paca", "paca.prestataire.technicien", "Jérôme", "Cissé", `prestataire ${PACA_CONTRACTOR}`, PACA_CONTRACTOR),
  account("head", "paca", "paca.chef-etablissement", "Anne", "Giraud", "lycée sans coordonnateur : à vous de le désigner"),
  account("correspondent", "paca", "paca.correspondant", "Hugo", "Bensaïd"),
  account("deputy_correspondent", "paca", "paca.correspondant-suppleant", "Chloé", "Weber"),
  account("teacher", "paca", "paca.enseignant", "Maxime", "Ferreira"),
];

export function findDemoAccount(email: string): DemoAccount | null {
  const wanted = email.trim().toLowerCase();
  return DEMO_ACCOUNTS.find((a) => a.email === wanted) ?? null;
}

/** Administrator roles must pass a second factor: their demo accounts carry DEMO_TOTP_SECRET. */
export function hasDemoTotp(account: Pick<DemoAccount, "role">): boolean {
  return isAdministratorRole(account.role);
}
