/**
 * French e-mail templates. Each returns a subject and a plain-text body (an HTML body is
 * derived from it), so every message reads well in any client.
 */
export type RenderedMail = { subject: string; text: string };

export const MAIL_TEMPLATES = {
  "password-reset": (v: { name: string; link: string; minutes: number }): RenderedMail => ({
    subject: "Relais — réinitialisation de votre mot de passe",
    text: `Bonjour ${v.name},\n\nVous avez demandé à réinitialiser votre mot de passe Relais. Ouvrez ce lien dans les ${v.minutes} minutes :\n\n${v.link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\nL'équipe Relais`,
  }),
  "role-designated": (v: { name: string; role: string; school: string; schoolYear: string; by: string; link: string }): RenderedMail => ({
    subject: `Relais — vous êtes désigné(e) ${v.role} (${v.school})`,
    text: `Bonjour ${v.name},\n\n${v.by} vous a désigné(e) ${v.role} du ${v.school} pour l'année scolaire ${v.schoolYear}.\n\nVotre espace Relais : ${v.link}\n\nL'équipe Relais`,
  }),
  "account-created": (v: { name: string; link: string }): RenderedMail => ({
    subject: "Relais — votre compte a été créé",
    text: `Bonjour ${v.name},\n\nUn compte Relais a été créé pour vous. Pour choisir votre mot de passe, ouvrez ce lien :\n\n${v.link}\n\nL'équipe Relais`,
  }),
  "account-locked": (v: { name: string; minutes: number }): RenderedMail => ({
    subject: "Relais — connexion bloquée temporairement",
    text: `Bonjour ${v.name},\n\nPlusieurs tentatives de connexion à votre compte ont échoué. Par sécurité, la connexion est bloquée pendant ${v.minutes} minutes.\n\nSi ce n'était pas vous, changez votre mot de passe et prévenez votre administrateur.\n\nL'équipe Relais`,
  }),
  "ticket-step": (v: {
    name: string;
    number: string;
    title: string;
    school: string;
    step: string;
    status: string;
    by: string;
    detail: string | null;
    link: string;
  }): RenderedMail => ({
    subject: `[${v.number}] ${v.title} — ${v.status}`,
    text: `Bonjour ${v.name},\n\nTicket ${v.number} (${v.school}) : ${v.step}, par ${v.by}.\nStatut : ${v.status}.${v.detail ? `\n\n${v.detail}` : ""}\n\nSuivre le ticket : ${v.link}\n\nRépondez à ce message en gardant le numéro ${v.number} dans l'objet pour compléter le ticket.\n\nL'équipe Relais`,
  }),
  // Mail in (modules/mail-in): the answer to a sender who may not open a ticket by e-mail.
  "mail-in-refused": (v: { name: string | null; subject: string; correspondents: string | null }): RenderedMail => ({
    subject: `Re: ${v.subject || "votre message"} — à transmettre à votre correspondant`,
    text: `Bonjour${v.name ? ` ${v.name}` : ""},\n\nNous avons bien reçu votre message « ${v.subject || "(sans objet)"} ». Les demandes d'assistance informatique d'un lycée sont transmises au support de la Région par son correspondant informatique (ou sa direction) : votre message n'a donc pas ouvert de ticket.\n\n${v.correspondents ? `Adressez-vous à votre correspondant : ${v.correspondents}. Il ouvrira un ticket si besoin.` : "Adressez-vous au correspondant informatique de votre établissement : il ouvrira un ticket si besoin."}\n\nMerci de votre compréhension.\n\nL'équipe Relais`,
  }),
  // Mail in: a sender who files for several schools, without saying which one.
  "mail-in-school-needed": (v: { name: string; subject: string; schools: string }): RenderedMail => ({
    subject: `Re: ${v.subject || "votre message"} — précisez l'établissement`,
    text: `Bonjour ${v.name},\n\nNous avons bien reçu votre message « ${v.subject || "(sans objet)"} », mais vous intervenez pour plusieurs établissements et il n'en nomme aucun : il n'a pas encore ouvert de ticket.\n\nRenvoyez-le en indiquant l'UAI de l'établissement concerné dans l'objet, parmi : ${v.schools}.\n\nL'équipe Relais`,
  }),
  "intervention-to-certify": (v: {
    name: string;
    school: string;
    kind: string;
    date: string;
    technician: string;
    ticket: string | null;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — attestez le service fait : ${v.kind.toLowerCase()} du ${v.date}${v.ticket ? ` [${v.ticket}]` : ""}`,
    text: `Bonjour ${v.name},\n\n${v.technician} a déclaré réalisée l'intervention suivante au ${v.school} : ${v.kind.toLowerCase()} du ${v.date}${v.ticket ? ` (ticket ${v.ticket})` : ""}.\n\nEn tant que coordonnateur numérique de l'établissement, attestez que le service a bien été rendu, ou contestez-le en disant ce qui manque : ${v.link}\n\nL'équipe Relais`,
  }),
  "intervention-weekly-summary": (v: { name: string; technician: string; week: string; body: string; link: string }): RenderedMail => ({
    subject: `Relais — compte rendu d'activité de ${v.technician}, semaine du ${v.week}`,
    text: `Bonjour ${v.name},\n\nVoici le compte rendu hebdomadaire d'activité de ${v.technician} (semaine du ${v.week}).\n\n${v.body}\n\nSon agenda dans Relais : ${v.link}\n\nL'équipe Relais`,
  }),
  // Campaigns (modules/orders, modules/campaigns): orders, reviews, top-ups, teacher licences, windows.
  "order-submitted": (v: {
    name: string;
    school: string;
    uai: string;
    campaign: string;
    amount: string;
    lines: number;
    by: string;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — commande à examiner : ${v.school} (${v.campaign})`,
    text: `Bonjour ${v.name},\n\n${v.by} a validé pour la Région la commande du ${v.school} (${v.uai}) sur la campagne « ${v.campaign} » : ${v.lines} ligne(s), ${v.amount}.\n\nElle attend votre examen (ajustements motivés, approbation ou refus) : ${v.link}\n\nL'équipe Relais`,
  }),
  "order-reviewed": (v: {
    name: string;
    school: string;
    campaign: string;
    decision: string;
    amount: string;
    note: string | null;
    adjustments: string | null;
    remaining: string;
    by: string;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — votre commande ${v.decision} (${v.campaign})`,
    text: `Bonjour ${v.name},\n\nLa Région a examiné la commande du ${v.school} sur la campagne « ${v.campaign} » : commande ${v.decision}, par ${v.by}. Montant retenu : ${v.amount}.${v.adjustments ? `\n\nLignes ajustées par la Région :\n${v.adjustments}` : ""}${v.note ? `\n\nMotif : ${v.note}` : ""}\n\nReste de l'enveloppe : ${v.remaining}.\n\nVoir la commande : ${v.link}\n\nL'équipe Relais`,
  }),
  "top-up-requested": (v: {
    name: string;
    school: string;
    uai: string;
    campaign: string;
    request: string;
    amount: string;
    reason: string;
    by: string;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — dotation complémentaire à décider : ${v.school} (${v.campaign})`,
    text: `Bonjour ${v.name},\n\n${v.by} demande une dotation complémentaire pour le ${v.school} (${v.uai}) sur la campagne « ${v.campaign} » : ${v.request}, soit ${v.amount} selon le barème de la campagne.\n\nMotif : ${v.reason}\n\nLa demande attend votre décision : ${v.link}\n\nL'équipe Relais`,
  }),
  "top-up-decided": (v: {
    name: string;
    school: string;
    campaign: string;
    request: string;
    decision: string;
    amount: string;
    note: string | null;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — dotation complémentaire ${v.decision} (${v.school})`,
    text: `Bonjour ${v.name},\n\nLa Région a ${v.decision === "accordée" ? "accordé" : "refusé"} la dotation complémentaire demandée pour le ${v.school} sur la campagne « ${v.campaign} » : ${v.request}.${v.decision === "accordée" ? `\n\nL'enveloppe de l'établissement augmente de ${v.amount}.` : ""}${v.note ? `\n\nMotif : ${v.note}` : ""}\n\nVoir l'enveloppe : ${v.link}\n\nL'équipe Relais`,
  }),
  "teacher-licences-answered": (v: { name: string; school: string; publisher: string; references: string; answer: string; link: string }): RenderedMail => ({
    subject: `Relais — réponse à votre demande de licences enseignant (${v.publisher})`,
    text: `Bonjour ${v.name},\n\nLa Région a répondu à la demande de licences enseignant du ${v.school} auprès de ${v.publisher} (${v.references}) :\n\n${v.answer}\n\nVoir la demande : ${v.link}\n\nL'équipe Relais`,
  }),
  "campaign-window-reminder": (v: {
    name: string;
    school: string;
    campaign: string;
    window: string;
    when: string;
    remaining: string;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — ${v.campaign} : ${v.when}`,
    text: `Bonjour ${v.name},\n\nCampagne « ${v.campaign} », fenêtre « ${v.window} » : ${v.when}.\n\nEnveloppe restante du ${v.school} : ${v.remaining}. Ce qui n'est pas engagé à la clôture est perdu (pas de report).\n\nPréparer la commande : ${v.link}\n\nL'équipe Relais`,
  }),
  "gar-reset-checklist": (v: {
    name: string;
    school: string;
    campaign: string;
    resetOn: string;
    items: string;
    /** False when the school has no GAR assigner yet and its head is written to instead. */
    toAssigner: boolean;
    link: string;
  }): RenderedMail => ({
    subject: `Relais — GAR : ressources à réaffecter (${v.school})`,
    text: `Bonjour ${v.name},\n\nLe ${v.resetOn}, le GAR réinitialise toutes les affectations de ressources. Voici ce que le ${v.school} a acheté pour la campagne « ${v.campaign} » et doit affecter de nouveau aux élèves et aux enseignants :\n\n${v.items}\n\nUne ressource apparaît dans le GAR 24 à 48 h après la validation de la commande.${v.toAssigner ? "" : " L'établissement n'a pas encore de responsable d'affectation GAR : désignez-le dans Relais, il recevra cette liste les prochaines années."}\n\nLa liste dans Relais : ${v.link}\n\nL'équipe Relais`,
  }),
} as const;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;
export type MailVariables<T extends MailTemplate> = Parameters<(typeof MAIL_TEMPLATES)[T]>[0];

export function renderMail<T extends MailTemplate>(template: T, variables: MailVariables<T>): RenderedMail {
  return (MAIL_TEMPLATES[template] as (v: MailVariables<T>) => RenderedMail)(variables);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function textToHtml(text: string): string {
  const linked = escapeHtml(text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  return `<!doctype html><html lang="fr"><body style="font-family:sans-serif;line-height:1.5">${linked
    .split("\n\n")
    .map((p) => `<p>${p.replaceAll("\n", "<br>")}</p>`)
    .join("")}</body></html>`;
}
