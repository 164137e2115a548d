type Language = "fr" | "en";

/**
 * Every action the audit log records, with the words a person reads in the admin page. The
 * API types its audit entries against this catalogue, so a new action cannot be recorded
 * without a label in both languages.
 */
export const AUDIT_ACTIONS = {
  "auth.login": { fr: "Connexion", en: "Log in" },
  "auth.login_failed": { fr: "Échec de connexion", en: "Failed log in" },
  "auth.locked": { fr: "Compte verrouillé temporairement", en: "Account temporarily locked" },
  "auth.mfa_enabled": { fr: "Double authentification activée", en: "Two-factor authentication enabled" },
  "auth.mfa_passed": { fr: "Double authentification réussie", en: "Two-factor check passed" },
  "auth.mfa_failed": { fr: "Code de double authentification refusé", en: "Two-factor code refused" },
  "auth.password_changed": { fr: "Mot de passe changé", en: "Password changed" },
  "auth.reset_requested": { fr: "Réinitialisation du mot de passe demandée", en: "Password reset requested" },
  "auth.password_reset": { fr: "Mot de passe réinitialisé", en: "Password reset" },
  "api_token.created": { fr: "Jeton d'API créé", en: "API token created" },
  "api_token.revoked": { fr: "Jeton d'API révoqué", en: "API token revoked" },
  "region.created": { fr: "Région créée", en: "Region created" },
  "sector.created": { fr: "Secteur créé", en: "Sector created" },
  "zone.created": { fr: "Zone créée", en: "Zone created" },
  "organisation.created": { fr: "Organisation créée", en: "Organisation created" },
  "school.created": { fr: "Établissement créé", en: "School created" },
  "school.updated": { fr: "Fiche établissement modifiée", en: "School record updated" },
  "school.enrolment_set": { fr: "Effectifs saisis", en: "Enrolment entered" },
  "schools.imported": { fr: "Import d'établissements", en: "Schools imported" },
  "campaign.created": { fr: "Campagne créée", en: "Campaign created" },
  "campaign.updated": { fr: "Campagne modifiée", en: "Campaign updated" },
  "campaign.envelopes_computed": { fr: "Enveloppes calculées", en: "Envelopes computed" },
  "envelope.top_up_requested": { fr: "Dotation complémentaire demandée", en: "Envelope top-up requested" },
  "envelope.top_up_decided": { fr: "Dotation complémentaire décidée", en: "Envelope top-up decided" },
  "catalogue.item_saved": { fr: "Article de catalogue enregistré", en: "Catalogue item saved" },
  "catalogue.imported": { fr: "Import de catalogue", en: "Catalogue imported" },
  "order.submitted": { fr: "Commande validée par l'établissement", en: "Order submitted" },
  "order.approved": { fr: "Commande approuvée par la Région", en: "Order approved" },
  "order.rejected": { fr: "Commande refusée par la Région", en: "Order rejected" },
  "order.mobile_project_validated": { fr: "Projet d'équipement mobile validé", en: "Mobile equipment project validated" },
  "order.mobile_project_filed": { fr: "Projet d'équipement mobile déposé", en: "Mobile equipment project filed" },
  "order.mobile_project_academie_decided": {
    fr: "Avis de l'académie sur un projet d'équipement mobile",
    en: "Académie's opinion on a mobile equipment project",
  },
  "order.mobile_project_region_decided": {
    fr: "Décision de la Région sur un projet d'équipement mobile",
    en: "Region's decision on a mobile equipment project",
  },
  "order.items_returned": { fr: "Articles papier retournés", en: "Paper items returned" },
  "order.delivered": { fr: "Commande livrée, entrée à l'inventaire", en: "Order delivered into the inventory" },
  "order.teacher_licences_requested": { fr: "Licences enseignant demandées", en: "Teacher licences requested" },
  "order.teacher_licences_answered": { fr: "Réponse à une demande de licences enseignant", en: "Teacher licence request answered" },
  "order.gar_usage_imported": { fr: "Statistiques GAR importées", en: "GAR usage imported" },
  "person.created": { fr: "Personne créée", en: "Person created" },
  "person.updated": { fr: "Personne modifiée", en: "Person updated" },
  "role.assigned": { fr: "Désignation", en: "Role assigned" },
  "role.ended": { fr: "Fin de désignation", en: "Role assignment ended" },
  "ticket.filed": { fr: "Ticket ouvert", en: "Ticket filed" },
  "ticket.updated": { fr: "Ticket mis à jour", en: "Ticket updated" },
  "ticket.reclassified": { fr: "Ticket requalifié (urgence, impact, catégorie)", en: "Ticket reclassified" },
  "ticket.escalated": { fr: "Ticket escaladé", en: "Ticket escalated" },
  "ticket.attachment_added": { fr: "Pièce jointe ajoutée à un ticket", en: "Attachment added to a ticket" },
  "region.ticket_settings_updated": { fr: "Réglages du support modifiés", en: "Support desk settings updated" },
  "region.mailbox_updated": { fr: "Boîte aux lettres du support modifiée", en: "Support desk mailbox updated" },
  "region.inventory_settings_updated": { fr: "Paramètres des rapports d'inventaire modifiés", en: "Inventory report settings updated" },
  "intervention.planned": { fr: "Intervention planifiée", en: "Intervention planned" },
  "intervention.done": { fr: "Intervention réalisée", en: "Intervention done" },
  "intervention.certified": { fr: "Service fait attesté", en: "Service delivery certified" },
  "intervention.disputed": { fr: "Intervention contestée", en: "Intervention disputed" },
  "intervention.cancelled": { fr: "Intervention annulée", en: "Intervention cancelled" },
  "intervention.preventive_planned": { fr: "Visites préventives planifiées", en: "Preventive visits planned" },
  "school.estate_declared": { fr: "Parc informatique déclaré", en: "School estate declared" },
  "calendar_feed.rotated": { fr: "Lien d'agenda (ICS) renouvelé", en: "Calendar feed link renewed" },
  "demo.loaded": { fr: "Données de démonstration chargées", en: "Demo data loaded" },
  "agent_credential.created": { fr: "Identifiants d'agent d'inventaire créés", en: "Inventory agent credentials created" },
  "agent_credential.revoked": { fr: "Identifiants d'agent d'inventaire révoqués", en: "Inventory agent credentials revoked" },
  "agent_report.attached": { fr: "Rapport d'agent rattaché à un établissement", en: "Agent report attached to a school" },
  "asset.lent": { fr: "Équipement individuel prêté", en: "Individual equipment lent" },
  "asset.returned": { fr: "Équipement individuel rendu", en: "Individual equipment returned" },
} as const satisfies Record<string, { fr: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ENTITY_TYPES = {
  person: { fr: "Personne", en: "Person" },
  school: { fr: "Établissement", en: "School" },
  campaign: { fr: "Campagne", en: "Campaign" },
  envelope_top_up: { fr: "Dotation complémentaire", en: "Envelope top-up" },
  catalogue_item: { fr: "Article de catalogue", en: "Catalogue item" },
  order: { fr: "Commande", en: "Order" },
  role_assignment: { fr: "Désignation", en: "Role assignment" },
  api_token: { fr: "Jeton d'API", en: "API token" },
  organisation: { fr: "Organisation", en: "Organisation" },
  region: { fr: "Région", en: "Region" },
  sector: { fr: "Secteur", en: "Sector" },
  zone: { fr: "Zone", en: "Zone" },
  ticket: { fr: "Ticket", en: "Ticket" },
  intervention: { fr: "Intervention", en: "Intervention" },
  platform: { fr: "Plateforme", en: "Platform" },
  asset: { fr: "Équipement", en: "Asset" },
  agent_credential: { fr: "Identifiants d'agent", en: "Agent credentials" },
} as const satisfies Record<string, { fr: string; en: string }>;

export type AuditEntityType = keyof typeof AUDIT_ENTITY_TYPES;

const isKeyOf = <T extends object>(catalogue: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(catalogue, key);

/** The label of an action; an unknown code (recorded by a newer version) shows as itself. */
export function auditActionLabel(action: string, language: Language = "fr"): string {
  return isKeyOf(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action][language] : action;
}

export function auditEntityLabel(entityType: string, language: Language = "fr"): string {
  return isKeyOf(AUDIT_ENTITY_TYPES, entityType) ? AUDIT_ENTITY_TYPES[entityType][language] : entityType;
}

/** Names of the fields audit entries record before/after; other fields show their code. */
export const AUDIT_FIELDS: Record<string, { fr: string; en: string }> = {
  role: { fr: "Rôle", en: "Role" },
  scope: { fr: "Périmètre", en: "Scope" },
  person: { fr: "Personne", en: "Person" },
  personId: { fr: "Identifiant de la personne", en: "Person id" },
  validFrom: { fr: "Début", en: "From" },
  validUntil: { fr: "Fin", en: "Until" },
  schoolYear: { fr: "Année scolaire", en: "School year" },
  reason: { fr: "Motif", en: "Reason" },
  name: { fr: "Nom", en: "Name" },
  code: { fr: "Code", en: "Code" },
  sector: { fr: "Secteur", en: "Sector" },
  firstName: { fr: "Prénom", en: "First name" },
  lastName: { fr: "Nom", en: "Last name" },
  email: { fr: "Adresse e-mail", en: "E-mail" },
  phone: { fr: "Téléphone", en: "Phone" },
  failures: { fr: "Échecs consécutifs", en: "Consecutive failures" },
  stage: { fr: "Étape", en: "Stage" },
  lines: { fr: "Effectifs", en: "Enrolment" },
  isReadOnly: { fr: "Lecture seule", en: "Read-only" },
};

export function auditFieldLabel(field: string, language: Language = "fr"): string {
  return AUDIT_FIELDS[field]?.[language] ?? field;
}
