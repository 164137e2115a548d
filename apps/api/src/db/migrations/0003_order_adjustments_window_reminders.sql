CREATE TABLE "campaign_window_reminders" (
	"campaign_id" uuid NOT NULL,
	"window_opens_on" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_window_reminders_kind" CHECK ("campaign_window_reminders"."kind" in ('opening', 'closing'))
);
--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_quantity";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "requested_quantity" integer;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "requested_unit_price_cents" integer;--> statement-breakpoint
ALTER TABLE "campaign_window_reminders" ADD CONSTRAINT "campaign_window_reminders_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_window_reminders_once" ON "campaign_window_reminders" USING btree ("campaign_id","window_opens_on","kind");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_quantity" CHECK ("order_lines"."quantity" >= 0 and "order_lines"."returned_quantity" >= 0 and ("order_lines"."quantity" + "order_lines"."returned_quantity" > 0 or "order_lines"."adjustment_reason" is not null) and "order_lines"."teacher_licences" >= 0);