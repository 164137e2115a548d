CREATE TABLE "gar_reset_notices" (
	"school_id" uuid NOT NULL,
	"reset_on" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gar_reset_notices_school_id_reset_on_pk" PRIMARY KEY("school_id","reset_on")
);
--> statement-breakpoint
ALTER TABLE "gar_reset_notices" ADD CONSTRAINT "gar_reset_notices_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;