CREATE INDEX `items_run_updated_idx` ON `items` (`run_id`,`updated_at`,`status`,`updated_by`);--> statement-breakpoint
CREATE INDEX `items_failed_idx` ON `items` (`run_id`,`updated_at`,`id`,`title`,`section`,`updated_by`) WHERE "items"."status" = 'failed';--> statement-breakpoint
CREATE INDEX `items_assigned_idx` ON `items` (`run_id`,`assignee`,`updated_at`) WHERE "items"."assignee" IS NOT NULL;