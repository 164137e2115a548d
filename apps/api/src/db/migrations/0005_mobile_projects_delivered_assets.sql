CREATE TABLE "delivered_assets" (
	"order_line_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "delivered_assets_order_line_id_asset_id_pk" PRIMARY KEY("order_line_id","asset_id")
);
--> statement-breakpoint
ALTER TABLE "mobile_projects" ALTER COLUMN "validated_by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ALTER COLUMN "validated_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "region_id" uuid;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "devices" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "wifi_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "status" text DEFAULT 'submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "filed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "filed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "academie_decided_by_id" uuid;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "academie_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "academie_note" text;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "region_note" text;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Hand-written: projects recorded before this migration were validated by the Region in one step.
UPDATE "mobile_projects" SET "region_id" = "campaigns"."region_id", "filed_at" = "mobile_projects"."validated_at", "status" = 'approved' FROM "campaigns" WHERE "campaigns"."id" = "mobile_projects"."campaign_id";--> statement-breakpoint
ALTER TABLE "mobile_projects" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "mobile_projects" ALTER COLUMN "filed_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "delivered_assets" ADD CONSTRAINT "delivered_assets_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivered_assets" ADD CONSTRAINT "delivered_assets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivered_assets_asset" ON "delivered_assets" USING btree ("asset_id");--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_filed_by_id_people_id_fk" FOREIGN KEY ("filed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_academie_decided_by_id_people_id_fk" FOREIGN KEY ("academie_decided_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mobile_projects_one_live" ON "mobile_projects" USING btree ("campaign_id","school_id") WHERE "mobile_projects"."status" <> 'rejected';--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_status" CHECK ("mobile_projects"."status" in ('submitted', 'academie_approved', 'approved', 'rejected'));--> statement-breakpoint
ALTER TABLE "mobile_projects" ADD CONSTRAINT "mobile_projects_devices" CHECK ("mobile_projects"."devices" > 0);