CREATE TABLE "attachment_contents" (
	"attachment_id" uuid PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"event_id" bigint,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"uploaded_by_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_envelopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"computed_cents" integer NOT NULL,
	"computed_consumables_cents" integer DEFAULT 0 NOT NULL,
	"top_up_cents" integer DEFAULT 0 NOT NULL,
	"top_up_consumables_cents" integer DEFAULT 0 NOT NULL,
	"committed_cents" integer DEFAULT 0 NOT NULL,
	"committed_consumables_cents" integer DEFAULT 0 NOT NULL,
	"lines" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"school_kind" text,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_envelopes_amounts" CHECK ("campaign_envelopes"."computed_cents" >= 0 and "campaign_envelopes"."computed_consumables_cents" >= 0 and "campaign_envelopes"."top_up_cents" >= 0 and "campaign_envelopes"."top_up_consumables_cents" >= 0),
	CONSTRAINT "campaign_envelopes_ceiling" CHECK ("campaign_envelopes"."committed_cents" >= 0 and "campaign_envelopes"."committed_consumables_cents" >= 0 and "campaign_envelopes"."committed_cents" <= "campaign_envelopes"."computed_cents" + "campaign_envelopes"."top_up_cents" and "campaign_envelopes"."committed_consumables_cents" <= "campaign_envelopes"."computed_consumables_cents" + "campaign_envelopes"."top_up_consumables_cents")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"period" text NOT NULL,
	"label" text NOT NULL,
	"enrolment_school_year" text NOT NULL,
	"calendar" jsonb NOT NULL,
	"textbook_rates" jsonb,
	"equipment_formula" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaigns_programme" CHECK ("campaigns"."programme" in ('equipment', 'textbooks')),
	CONSTRAINT "campaigns_rules" CHECK (("campaigns"."programme" = 'textbooks' and "campaigns"."textbook_rates" is not null) or ("campaigns"."programme" = 'equipment' and "campaigns"."equipment_formula" is not null))
);
--> statement-breakpoint
CREATE TABLE "envelope_top_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"envelope_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"track" text NOT NULL,
	"level" text NOT NULL,
	"students" integer NOT NULL,
	"reason" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"consumables_cents" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "envelope_top_ups_students" CHECK ("envelope_top_ups"."students" > 0)
);
--> statement-breakpoint
CREATE TABLE "equipment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"label" text NOT NULL,
	"category" text NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"warranty_years" integer NOT NULL,
	"supplier" text NOT NULL,
	"is_mobile" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_items_warranty" CHECK ("equipment_items"."warranty_years" between 3 and 5),
	CONSTRAINT "equipment_items_price" CHECK ("equipment_items"."unit_price_cents" > 0),
	CONSTRAINT "equipment_items_no_server" CHECK ("equipment_items"."category" <> 'server')
);
--> statement-breakpoint
CREATE TABLE "resource_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ean" text NOT NULL,
	"title" text NOT NULL,
	"publisher" text NOT NULL,
	"subject" text NOT NULL,
	"track" text,
	"level" text,
	"price_cents" integer NOT NULL,
	"licence_years" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resource_items_price" CHECK ("resource_items"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"ticket_id" uuid,
	"kind" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"technician_id" uuid NOT NULL,
	"organisation_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"report" text,
	"time_spent_minutes" integer,
	"cancelled_at" timestamp with time zone,
	"cancellation_reason" text,
	"done_at" timestamp with time zone,
	"certified_by_id" uuid,
	"certified_at" timestamp with time zone,
	"certification_comment" text,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interventions_duration_positive" CHECK ("interventions"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "school_estates" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"pc_count" integer NOT NULL,
	"source" text DEFAULT 'declared' NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_estates_pc_count" CHECK ("school_estates"."pc_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "intervention_weekly_summaries" (
	"technician_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intervention_weekly_summaries_technician_id_week_start_pk" PRIMARY KEY("technician_id","week_start")
);
--> statement-breakpoint
CREATE TABLE "asset_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"asset_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_label" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"room_id" uuid,
	"network_domain" text,
	"type" text NOT NULL,
	"manufacturer" text,
	"model" text,
	"serial" text,
	"serial_key" text,
	"uuid" text,
	"name" text,
	"name_key" text,
	"inventory_number" text,
	"status" text DEFAULT 'in_service' NOT NULL,
	"funding" text,
	"is_qualified_by_region" boolean DEFAULT false NOT NULL,
	"acquired_on" date,
	"supplier" text,
	"warranty_ends_on" date,
	"lent_to_person_id" uuid,
	"technical" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"software_fingerprint" text,
	"source" text NOT NULL,
	"last_inventory_at" timestamp with time zone,
	"agent_device_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_applications" (
	"region_id" uuid NOT NULL,
	"software_id" uuid NOT NULL,
	"status" text NOT NULL,
	"first_seen_school_id" uuid,
	"first_seen_at" timestamp with time zone NOT NULL,
	"evaluated_by_id" uuid,
	"evaluated_at" timestamp with time zone,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "region_applications_region_id_software_id_pk" PRIMARY KEY("region_id","software_id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"building" text DEFAULT '' NOT NULL,
	"floor" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"use" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "software" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_key" text NOT NULL,
	"publisher_key" text NOT NULL,
	"name" text NOT NULL,
	"publisher" text
);
--> statement-breakpoint
CREATE TABLE "software_installations" (
	"asset_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	CONSTRAINT "software_installations_asset_id_version_id_pk" PRIMARY KEY("asset_id","version_id")
);
--> statement-breakpoint
CREATE TABLE "software_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"software_id" uuid NOT NULL,
	"version" text NOT NULL,
	"arch" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"login" text NOT NULL,
	"secret_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pending_agent_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"tag" text,
	"device_id" text,
	"name" text,
	"serial" text,
	"report" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"processed_at" timestamp with time zone,
	"processed_by_id" uuid,
	"school_id" uuid,
	"asset_id" uuid
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"ticket_id" uuid,
	"received_at" timestamp with time zone,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mailbox_polls" (
	"region_id" uuid PRIMARY KEY NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gar_usage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"resource_id" text NOT NULL,
	"ean" text,
	"student_assignments" integer NOT NULL,
	"teacher_assignments" integer NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobile_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"validated_by_id" uuid NOT NULL,
	"validated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"label" text NOT NULL,
	"reference" text NOT NULL,
	"supplier" text NOT NULL,
	"kind" text NOT NULL,
	"envelope" text NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"quantity" integer NOT NULL,
	"teacher_licences" integer DEFAULT 0 NOT NULL,
	"is_licence" boolean DEFAULT false NOT NULL,
	"is_mobile" boolean DEFAULT false NOT NULL,
	"amount_cents" integer NOT NULL,
	"adjustment_reason" text,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "order_lines_quantity" CHECK ("order_lines"."quantity" >= 0 and "order_lines"."returned_quantity" >= 0 and "order_lines"."quantity" + "order_lines"."returned_quantity" > 0 and "order_lines"."teacher_licences" >= 0),
	CONSTRAINT "order_lines_teacher_licences" CHECK ("order_lines"."teacher_licences" = 0 or "order_lines"."is_licence"),
	CONSTRAINT "order_lines_amount" CHECK ("order_lines"."amount_cents" = "order_lines"."unit_price_cents" * "order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"envelope_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"status" text DEFAULT 'cart' NOT NULL,
	"total_cents" integer DEFAULT 0 NOT NULL,
	"consumables_cents" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_by_id" uuid,
	"submitted_at" timestamp with time zone,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"delivered_by_id" uuid,
	"delivered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "orders_amounts" CHECK ("orders"."total_cents" >= 0 and "orders"."consumables_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "teacher_licence_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"publisher" text NOT NULL,
	"lines" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"answer" text,
	"requested_by_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"answered_by_id" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_stats_region" (
	"region_id" uuid NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"restricted" boolean NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"processing_minutes" bigint DEFAULT 0 NOT NULL,
	"take_charge_measured" integer DEFAULT 0 NOT NULL,
	"take_charge_met" integer DEFAULT 0 NOT NULL,
	"resolution_measured" integer DEFAULT 0 NOT NULL,
	"resolution_met" integer DEFAULT 0 NOT NULL,
	"reopen_base" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_stats_region_key" UNIQUE("region_id","dimension","grain","period","restricted","key")
);
--> statement-breakpoint
CREATE TABLE "ticket_stats_school" (
	"school_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"month" date NOT NULL,
	"restricted" boolean NOT NULL,
	"category" text NOT NULL,
	"organisation_id" uuid,
	"tickets" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"processing_minutes" bigint DEFAULT 0 NOT NULL,
	"take_charge_measured" integer DEFAULT 0 NOT NULL,
	"take_charge_met" integer DEFAULT 0 NOT NULL,
	"resolution_measured" integer DEFAULT 0 NOT NULL,
	"resolution_met" integer DEFAULT 0 NOT NULL,
	"reopen_base" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_stats_school_key" UNIQUE NULLS NOT DISTINCT("school_id","month","restricted","category","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "saved_ticket_filters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "tickets_open_region_received";--> statement-breakpoint
DROP INDEX "tickets_region_status_received";--> statement-breakpoint
DROP INDEX "tickets_requester";--> statement-breakpoint
DROP INDEX "tickets_assignee_person";--> statement-breakpoint
DROP INDEX "tickets_assignee_organisation";--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "attachment_contents" ADD CONSTRAINT "attachment_contents_attachment_id_ticket_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."ticket_attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_uploaded_by_id_people_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_envelopes" ADD CONSTRAINT "campaign_envelopes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_envelopes" ADD CONSTRAINT "campaign_envelopes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_envelopes" ADD CONSTRAINT "campaign_envelopes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_envelope_id_campaign_envelopes_id_fk" FOREIGN KEY ("envelope_id") REFERENCES "public"."campaign_envelopes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_requested_by_id_people_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "envelope_top_ups" ADD CONSTRAINT "envelope_top_ups_decided_by_id_people_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_items" ADD CONSTRAINT "resource_items_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_technician_id_people_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_certified_by_id_people_id_fk" FOREIGN KEY ("certified_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_estates" ADD CONSTRAINT "school_estates_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_estates" ADD CONSTRAINT "school_estates_updated_by_id_people_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_weekly_summaries" ADD CONSTRAINT "intervention_weekly_summaries_technician_id_people_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_events" ADD CONSTRAINT "asset_events_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_lent_to_person_id_people_id_fk" FOREIGN KEY ("lent_to_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_applications" ADD CONSTRAINT "region_applications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_applications" ADD CONSTRAINT "region_applications_software_id_software_id_fk" FOREIGN KEY ("software_id") REFERENCES "public"."software"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_applications" ADD CONSTRAINT "region_applications_first_seen_school_id_schools_id_fk" FOREIGN KEY ("first_seen_school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_applications" ADD CONSTRAINT "region_applications_evaluated_by_id_people_id_fk" FOREIGN KEY ("evaluated_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_applications" ADD CONSTRAINT "region_applications_decided_by_id_people_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_installations" ADD CONSTRAINT "software_installations_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_installations" ADD CONSTRAINT "software_installations_version_id_software_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."software_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_versions" ADD CONSTRAINT "software_versions_software_id_software_id_fk" FOREIGN KEY ("software_id") REFERENCES "public"."software"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_credentials" ADD CONSTRAINT "agent_credentials_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_credentials" ADD CONSTRAINT "agent_credentials_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_agent_reports" ADD CONSTRAINT "pending_agent_reports_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_agent_reports" ADD CONSTRAINT "pending_agent_reports_processed_by_id_people_id_fk" FOREIGN KEY ("processed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_agent_reports" ADD CONSTRAINT "pending_agent_reports_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_agent_reports" ADD CONSTRAINT "pending_agent_reports_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_polls" ADD CONSTRAINT "mailbox_polls_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gar_usage" ADD CONSTRAINT "gar_usage_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gar_usage" ADD CONSTRAINT "gar_usage_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gar_usage" ADD CONSTRAINT "gar_usage_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_validated_by_id_people_id_fk" FOREIGN KEY ("validated_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_envelope_id_campaign_envelopes_id_fk" FOREIGN KEY ("envelope_id") REFERENCES "public"."campaign_envelopes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_submitted_by_id_people_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_delivered_by_id_people_id_fk" FOREIGN KEY ("delivered_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_licence_requests" ADD CONSTRAINT "teacher_licence_requests_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_licence_requests" ADD CONSTRAINT "teacher_licence_requests_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_licence_requests" ADD CONSTRAINT "teacher_licence_requests_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_licence_requests" ADD CONSTRAINT "teacher_licence_requests_requested_by_id_people_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_licence_requests" ADD CONSTRAINT "teacher_licence_requests_answered_by_id_people_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_ticket_filters" ADD CONSTRAINT "saved_ticket_filters_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket" ON "ticket_attachments" USING btree ("ticket_id","uploaded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_envelopes_campaign_school" ON "campaign_envelopes" USING btree ("campaign_id","school_id");--> statement-breakpoint
CREATE INDEX "campaign_envelopes_school" ON "campaign_envelopes" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_region_programme_period" ON "campaigns" USING btree ("region_id","programme","period");--> statement-breakpoint
CREATE INDEX "envelope_top_ups_campaign_status" ON "envelope_top_ups" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "envelope_top_ups_school" ON "envelope_top_ups" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_items_region_reference" ON "equipment_items" USING btree ("region_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_items_region_ean" ON "resource_items" USING btree ("region_id","ean");--> statement-breakpoint
CREATE INDEX "resource_items_region_kind" ON "resource_items" USING btree ("region_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "interventions_technician_starts" ON "interventions" USING btree ("technician_id","starts_at");--> statement-breakpoint
CREATE INDEX "interventions_school_starts" ON "interventions" USING btree ("school_id","starts_at");--> statement-breakpoint
CREATE INDEX "interventions_ticket" ON "interventions" USING btree ("ticket_id") WHERE "interventions"."ticket_id" is not null;--> statement-breakpoint
CREATE INDEX "asset_events_asset" ON "asset_events" USING btree ("asset_id","at");--> statement-breakpoint
CREATE INDEX "assets_region_name" ON "assets" USING btree ("region_id","name","id");--> statement-breakpoint
CREATE INDEX "assets_school_name" ON "assets" USING btree ("school_id","name","id");--> statement-breakpoint
CREATE INDEX "assets_region_type" ON "assets" USING btree ("region_id","type");--> statement-breakpoint
CREATE INDEX "assets_region_status" ON "assets" USING btree ("region_id","status");--> statement-breakpoint
CREATE INDEX "assets_serial_key" ON "assets" USING btree ("region_id","serial_key");--> statement-breakpoint
CREATE INDEX "assets_uuid" ON "assets" USING btree ("region_id","uuid");--> statement-breakpoint
CREATE INDEX "assets_school_name_key" ON "assets" USING btree ("school_id","name_key");--> statement-breakpoint
CREATE INDEX "assets_room" ON "assets" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "assets_search" ON "assets" USING gin ((lower(coalesce("name", '') || ' ' || coalesce("serial", '') || ' ' || coalesce("inventory_number", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "region_applications_status" ON "region_applications" USING btree ("region_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_school_place" ON "rooms" USING btree ("school_id","building","floor","name");--> statement-breakpoint
CREATE UNIQUE INDEX "software_key" ON "software" USING btree ("name_key","publisher_key");--> statement-breakpoint
CREATE INDEX "software_installations_version" ON "software_installations" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "software_versions_key" ON "software_versions" USING btree ("software_id","version","arch");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_credentials_login" ON "agent_credentials" USING btree ("login");--> statement-breakpoint
CREATE INDEX "agent_credentials_region" ON "agent_credentials" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "pending_agent_reports_region" ON "pending_agent_reports" USING btree ("region_id","status","received_at");--> statement-breakpoint
CREATE INDEX "pending_agent_reports_device" ON "pending_agent_reports" USING btree ("region_id","device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_region_message" ON "inbound_messages" USING btree ("region_id","message_id");--> statement-breakpoint
CREATE INDEX "inbound_messages_region_processed" ON "inbound_messages" USING btree ("region_id","processed_at");--> statement-breakpoint
CREATE INDEX "gar_usage_campaign_school" ON "gar_usage" USING btree ("campaign_id","school_id");--> statement-breakpoint
CREATE INDEX "mobile_projects_campaign_school" ON "mobile_projects" USING btree ("campaign_id","school_id");--> statement-breakpoint
CREATE INDEX "order_lines_order" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_campaign_status" ON "orders" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "orders_school" ON "orders" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "teacher_licence_requests_campaign" ON "teacher_licence_requests" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "teacher_licence_requests_school" ON "teacher_licence_requests" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "ticket_stats_school_organisation" ON "ticket_stats_school" USING btree ("organisation_id","month") WHERE "ticket_stats_school"."organisation_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_ticket_filters_person_name" ON "saved_ticket_filters" USING btree ("person_id","name");--> statement-breakpoint
CREATE INDEX "tickets_region_received" ON "tickets" USING btree ("region_id","received_at","id","kind");--> statement-breakpoint
CREATE INDEX "tickets_region_priority" ON "tickets" USING btree ("region_id","priority","received_at","id");--> statement-breakpoint
CREATE INDEX "tickets_region_due" ON "tickets" USING btree ("region_id","resolution_due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_school_received" ON "tickets" USING btree ("school_id","received_at","id","kind","category","status");--> statement-breakpoint
CREATE INDEX "tickets_active_received" ON "tickets" USING btree ("region_id","received_at","id") WHERE "tickets"."status" in ('new', 'qualified', 'assigned', 'in_progress', 'waiting', 'resolved');--> statement-breakpoint
CREATE INDEX "tickets_active_priority" ON "tickets" USING btree ("region_id","priority","received_at","id") WHERE "tickets"."status" in ('new', 'qualified', 'assigned', 'in_progress', 'waiting', 'resolved');--> statement-breakpoint
CREATE INDEX "tickets_active_due" ON "tickets" USING btree ("region_id","resolution_due_at","id") WHERE "tickets"."status" in ('new', 'qualified', 'assigned', 'in_progress', 'waiting', 'resolved');--> statement-breakpoint
CREATE INDEX "tickets_active_status" ON "tickets" USING btree ("region_id","status","received_at","id","kind") WHERE "tickets"."status" in ('new', 'qualified', 'assigned', 'in_progress', 'waiting', 'resolved');--> statement-breakpoint
CREATE INDEX "tickets_active_number" ON "tickets" USING btree ("region_id","number","id") WHERE "tickets"."status" in ('new', 'qualified', 'assigned', 'in_progress', 'waiting', 'resolved');--> statement-breakpoint
CREATE INDEX "tickets_search" ON "tickets" USING gin (lower("number" || ' ' || "title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_region_status_received" ON "tickets" USING btree ("region_id","status","received_at","id","kind");--> statement-breakpoint
CREATE INDEX "tickets_requester" ON "tickets" USING btree ("requester_id","received_at","id");--> statement-breakpoint
CREATE INDEX "tickets_assignee_person" ON "tickets" USING btree ("assignee_person_id","received_at","id") WHERE "tickets"."assignee_person_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_assignee_organisation" ON "tickets" USING btree ("assignee_organisation_id","received_at","id") WHERE "tickets"."assignee_organisation_id" is not null;
--> statement-breakpoint
-- Hand-written part of migration 0002 (drizzle-kit cannot express triggers): the steering
-- rollups (ticket-stats.schema.ts) follow every change of `tickets` in the same transaction.
-- scripts/regenerate-migration-0002.sh appends this file to the generated migration.

-- The two upserts that fold a set of ticket rows, each with a sign (+1 after, -1 before),
-- into the rollups. `source` names the rows: a trigger's transition tables, or `tickets` for
-- the backfill. Rows are upserted in key order so that concurrent transactions lock alike.
CREATE OR REPLACE FUNCTION ticket_stats_fold_sql(source text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $fold$
SELECT ARRAY[
  format($q$
    WITH m AS (
      SELECT c.region_id, c.school_id, c.category, c.assignee_organisation_id AS organisation_id,
        c.kind IN ('security_incident', 'data_breach') AS restricted,
        (c.received_at AT TIME ZONE 'UTC')::date AS day,
        c.sign AS tickets,
        c.sign * (c.processing_minutes IS NOT NULL)::int AS processed,
        c.sign * coalesce(c.processing_minutes, 0)::bigint AS processing_minutes,
        c.sign * (c.qualified_at IS NOT NULL)::int AS take_charge_measured,
        c.sign * coalesce(c.qualified_at <= c.take_charge_due_at, false)::int AS take_charge_met,
        c.sign * (c.resolved_at IS NOT NULL AND c.resolution_due_at IS NOT NULL)::int AS resolution_measured,
        c.sign * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS resolution_met,
        c.sign * (c.resolved_at IS NOT NULL OR c.reopen_count > 0)::int AS reopen_base,
        c.sign * (c.reopen_count > 0)::int AS reopened
      FROM (%1$s) c
    )
    INSERT INTO ticket_stats_region AS r (region_id, dimension, key, grain, period, restricted, tickets, processed, processing_minutes,
      take_charge_measured, take_charge_met, resolution_measured, resolution_met, reopen_base, reopened)
    SELECT m.region_id, d.dimension, d.key, g.grain, g.period, m.restricted, sum(m.tickets), sum(m.processed), sum(m.processing_minutes),
      sum(m.take_charge_measured), sum(m.take_charge_met), sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)
    FROM m
    CROSS JOIN LATERAL (VALUES ('none', ''), ('school', m.school_id::text), ('category', m.category), ('organisation', coalesce(m.organisation_id::text, ''))) d(dimension, key)
    CROSS JOIN LATERAL (VALUES ('day', m.day), ('month', date_trunc('month', m.day)::date)) g(grain, period)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING (sum(m.tickets), sum(m.processed), sum(m.processing_minutes), sum(m.take_charge_measured), sum(m.take_charge_met),
      sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 4, 5, 6, 3
    ON CONFLICT (region_id, dimension, grain, period, restricted, key) DO UPDATE SET
      tickets = r.tickets + excluded.tickets, processed = r.processed + excluded.processed,
      processing_minutes = r.processing_minutes + excluded.processing_minutes,
      take_charge_measured = r.take_charge_measured + excluded.take_charge_measured, take_charge_met = r.take_charge_met + excluded.take_charge_met,
      resolution_measured = r.resolution_measured + excluded.resolution_measured, resolution_met = r.resolution_met + excluded.resolution_met,
      reopen_base = r.reopen_base + excluded.reopen_base, reopened = r.reopened + excluded.reopened
  $q$, source),
  format($q$
    WITH m AS (
      SELECT c.region_id, c.school_id, c.category, c.assignee_organisation_id AS organisation_id,
        c.kind IN ('security_incident', 'data_breach') AS restricted,
        date_trunc('month', c.received_at AT TIME ZONE 'UTC')::date AS month,
        c.sign AS tickets,
        c.sign * (c.processing_minutes IS NOT NULL)::int AS processed,
        c.sign * coalesce(c.processing_minutes, 0)::bigint AS processing_minutes,
        c.sign * (c.qualified_at IS NOT NULL)::int AS take_charge_measured,
        c.sign * coalesce(c.qualified_at <= c.take_charge_due_at, false)::int AS take_charge_met,
        c.sign * (c.resolved_at IS NOT NULL AND c.resolution_due_at IS NOT NULL)::int AS resolution_measured,
        c.sign * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS resolution_met,
        c.sign * (c.resolved_at IS NOT NULL OR c.reopen_count > 0)::int AS reopen_base,
        c.sign * (c.reopen_count > 0)::int AS reopened
      FROM (%1$s) c
    )
    INSERT INTO ticket_stats_school AS r (school_id, region_id, month, restricted, category, organisation_id, tickets, processed, processing_minutes,
      take_charge_measured, take_charge_met, resolution_measured, resolution_met, reopen_base, reopened)
    SELECT m.school_id, m.region_id, m.month, m.restricted, m.category, m.organisation_id, sum(m.tickets), sum(m.processed), sum(m.processing_minutes),
      sum(m.take_charge_measured), sum(m.take_charge_met), sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)
    FROM m
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING (sum(m.tickets), sum(m.processed), sum(m.processing_minutes), sum(m.take_charge_measured), sum(m.take_charge_met),
      sum(m.resolution_measured), sum(m.resolution_met), sum(m.reopen_base), sum(m.reopened)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 3, 4, 5, 6
    ON CONFLICT (school_id, month, restricted, category, organisation_id) DO UPDATE SET
      tickets = r.tickets + excluded.tickets, processed = r.processed + excluded.processed,
      processing_minutes = r.processing_minutes + excluded.processing_minutes,
      take_charge_measured = r.take_charge_measured + excluded.take_charge_measured, take_charge_met = r.take_charge_met + excluded.take_charge_met,
      resolution_measured = r.resolution_measured + excluded.resolution_measured, resolution_met = r.resolution_met + excluded.resolution_met,
      reopen_base = r.reopen_base + excluded.reopen_base, reopened = r.reopened + excluded.reopened
  $q$, source)
]
$fold$;

-- One function for the three statement triggers: a statement's rows before and after.
-- Transition tables are visible only to this function's own queries, hence EXECUTE here.
CREATE OR REPLACE FUNCTION ticket_stats_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $apply$
DECLARE
  statement text;
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM ticket_stats_new'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM ticket_stats_old'
    ELSE 'SELECT -1 AS sign, * FROM ticket_stats_old UNION ALL SELECT 1 AS sign, * FROM ticket_stats_new'
  END;
BEGIN
  FOREACH statement IN ARRAY ticket_stats_fold_sql(source) LOOP
    EXECUTE statement;
  END LOOP;
  RETURN NULL;
END
$apply$;

CREATE TRIGGER tickets_stats_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS ticket_stats_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();
CREATE TRIGGER tickets_stats_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS ticket_stats_old NEW TABLE AS ticket_stats_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();
CREATE TRIGGER tickets_stats_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS ticket_stats_old FOR EACH STATEMENT EXECUTE FUNCTION ticket_stats_apply();

-- Tickets filed before this migration.
DO $backfill$
DECLARE statement text;
BEGIN
  FOREACH statement IN ARRAY ticket_stats_fold_sql('SELECT 1 AS sign, * FROM tickets') LOOP
    EXECUTE statement;
  END LOOP;
END
$backfill$;
