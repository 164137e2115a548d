DROP INDEX "assets_region_type";--> statement-breakpoint
CREATE INDEX "assets_region_last_inventory" ON "assets" USING btree ("region_id","last_inventory_at","id");--> statement-breakpoint
CREATE INDEX "assets_region_warranty" ON "assets" USING btree ("region_id","warranty_ends_on","id");--> statement-breakpoint
CREATE INDEX "assets_region_type" ON "assets" USING btree ("region_id","type","status");