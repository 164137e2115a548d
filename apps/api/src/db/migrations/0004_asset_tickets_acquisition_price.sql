CREATE TABLE "asset_tickets" (
	"asset_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	"linked_by_id" uuid,
	CONSTRAINT "asset_tickets_asset_id_ticket_id_pk" PRIMARY KEY("asset_id","ticket_id")
);
--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "acquisition_price_cents" integer;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_linked_by_id_people_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_tickets_ticket" ON "asset_tickets" USING btree ("ticket_id");