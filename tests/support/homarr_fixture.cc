// Homarr fixtures: see homarr_fixture.h. The DDL below is written per dialect
// from the column/key/FK facts of the reference (B.2, B.3), in the shape
// Drizzle's migrator produces: SQLite declares FKs inline (forward references
// allowed), MySQL and PostgreSQL create the tables first and add the FKs
// afterwards with ALTER TABLE, which is what makes the reference cycles
// possible there.
#include "support/homarr_fixture.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <stdexcept>

#include "support/test_env.h"

namespace ferry::test::homarr {
namespace {

enum class Dialect { kSqlite, kPostgres, kMysql };

Dialect ParseDialect(const std::string& d) {
  if (d == "sqlite") return Dialect::kSqlite;
  if (d == "postgres" || d == "postgresql") return Dialect::kPostgres;
  if (d == "mysql" || d == "mariadb") return Dialect::kMysql;
  throw std::invalid_argument("homarr fixture: unknown dialect '" + d + "'");
}

// ---------------------------------------------------------------- SQLite DDL
// Drizzle sqlite-core: text ids, integer booleans (DEFAULT true/false stored
// as 1/0), integer timestamps (ms or s), unique constraints as unique indexes.
const char* kSqliteDdl = R"sql(
CREATE TABLE `app` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `description` text,
  `icon_url` text NOT NULL,
  `href` text,
  `ping_url` text
);
CREATE TABLE `iconRepository` (
  `id` text PRIMARY KEY NOT NULL,
  `slug` text NOT NULL
);
CREATE TABLE `icon` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `url` text NOT NULL,
  `checksum` text NOT NULL,
  `icon_repository_id` text NOT NULL,
  FOREIGN KEY (`icon_repository_id`) REFERENCES `iconRepository`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `integration` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `url` text NOT NULL,
  `kind` text NOT NULL,
  `app_id` text,
  FOREIGN KEY (`app_id`) REFERENCES `app`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE INDEX `integration__kind_idx` ON `integration` (`kind`);
CREATE TABLE `integrationSecret` (
  `kind` text NOT NULL,
  `value` text NOT NULL,
  `updated_at` integer NOT NULL,
  `integration_id` text NOT NULL,
  PRIMARY KEY(`integration_id`, `kind`),
  FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE INDEX `integration_secret__kind_idx` ON `integrationSecret` (`kind`);
CREATE INDEX `integration_secret__updated_at_idx` ON `integrationSecret` (`updated_at`);
CREATE TABLE `search_engine` (
  `id` text PRIMARY KEY NOT NULL,
  `icon_url` text NOT NULL,
  `name` text NOT NULL,
  `short` text NOT NULL,
  `description` text,
  `url_template` text,
  `type` text DEFAULT 'generic' NOT NULL,
  `integration_id` text,
  FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE UNIQUE INDEX `search_engine_short_unique` ON `search_engine` (`short`);
CREATE TABLE `user` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text,
  `email` text,
  `email_verified` integer,
  `image` text,
  `password` text,
  `provider` text DEFAULT 'credentials' NOT NULL,
  `home_board_id` text,
  `mobile_home_board_id` text,
  `default_search_engine_id` text,
  `open_search_in_new_tab` integer DEFAULT true NOT NULL,
  `ddg_bangs` integer DEFAULT true NOT NULL,
  `color_scheme` text DEFAULT 'dark' NOT NULL,
  `first_day_of_week` integer DEFAULT 1 NOT NULL,
  `ping_icons_enabled` integer DEFAULT false NOT NULL,
  `enable_right_click_on_widgets` integer DEFAULT true NOT NULL,
  `completed_manage_tour` integer DEFAULT false NOT NULL,
  `completed_board_tour` integer DEFAULT false NOT NULL,
  FOREIGN KEY (`home_board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE set null,
  FOREIGN KEY (`mobile_home_board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE set null,
  FOREIGN KEY (`default_search_engine_id`) REFERENCES `search_engine`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE TABLE `account` (
  `user_id` text NOT NULL,
  `type` text NOT NULL,
  `provider` text NOT NULL,
  `provider_account_id` text NOT NULL,
  `refresh_token` text,
  `access_token` text,
  `expires_at` integer,
  `token_type` text,
  `scope` text,
  `id_token` text,
  `session_state` text,
  PRIMARY KEY(`provider`, `provider_account_id`),
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE INDEX `userId_idx` ON `account` (`user_id`);
CREATE TABLE `session` (
  `session_token` text PRIMARY KEY NOT NULL,
  `user_id` text NOT NULL,
  `expires` integer NOT NULL,
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE INDEX `user_id_idx` ON `session` (`user_id`);
CREATE TABLE `verificationToken` (
  `identifier` text NOT NULL,
  `token` text NOT NULL,
  `expires` integer NOT NULL,
  PRIMARY KEY(`identifier`, `token`)
);
CREATE TABLE `apiKey` (
  `id` text PRIMARY KEY NOT NULL,
  `api_key` text NOT NULL,
  `user_id` text NOT NULL,
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `board` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `is_public` integer DEFAULT false NOT NULL,
  `creator_id` text,
  `page_title` text,
  `meta_title` text,
  `logo_image_url` text,
  `favicon_image_url` text,
  `background_image_url` text,
  `background_image_attachment` text DEFAULT 'fixed' NOT NULL,
  `background_image_repeat` text DEFAULT 'no-repeat' NOT NULL,
  `background_image_size` text DEFAULT 'cover' NOT NULL,
  `primary_color` text DEFAULT '#fa5252' NOT NULL,
  `secondary_color` text DEFAULT '#fd7e14' NOT NULL,
  `opacity` integer DEFAULT 100 NOT NULL,
  `custom_css` text,
  `icon_color` text,
  `item_radius` text DEFAULT 'lg' NOT NULL,
  `disable_status` integer DEFAULT false NOT NULL,
  FOREIGN KEY (`creator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE UNIQUE INDEX `board_name_unique` ON `board` (`name`);
CREATE TABLE `group` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `owner_id` text,
  `home_board_id` text,
  `mobile_home_board_id` text,
  `position` integer NOT NULL,
  FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
  FOREIGN KEY (`home_board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE set null,
  FOREIGN KEY (`mobile_home_board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE UNIQUE INDEX `group_name_unique` ON `group` (`name`);
CREATE TABLE `groupMember` (
  `group_id` text NOT NULL,
  `user_id` text NOT NULL,
  PRIMARY KEY(`group_id`, `user_id`),
  FOREIGN KEY (`group_id`) REFERENCES `group`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `groupPermission` (
  `group_id` text NOT NULL,
  `permission` text NOT NULL,
  FOREIGN KEY (`group_id`) REFERENCES `group`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `invite` (
  `id` text PRIMARY KEY NOT NULL,
  `token` text NOT NULL,
  `expiration_date` integer NOT NULL,
  `creator_id` text NOT NULL,
  FOREIGN KEY (`creator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE UNIQUE INDEX `invite_token_unique` ON `invite` (`token`);
CREATE TABLE `media` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `content` blob NOT NULL,
  `content_type` text NOT NULL,
  `size` integer NOT NULL,
  `created_at` integer DEFAULT (unixepoch()) NOT NULL,
  `creator_id` text,
  FOREIGN KEY (`creator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE TABLE `integrationUserPermission` (
  `integration_id` text NOT NULL,
  `user_id` text NOT NULL,
  `permission` text NOT NULL,
  PRIMARY KEY(`integration_id`, `user_id`, `permission`),
  FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `integrationGroupPermissions` (
  `integration_id` text NOT NULL,
  `group_id` text NOT NULL,
  `permission` text NOT NULL,
  PRIMARY KEY(`integration_id`, `group_id`, `permission`),
  FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`group_id`) REFERENCES `group`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `boardUserPermission` (
  `board_id` text NOT NULL,
  `user_id` text NOT NULL,
  `permission` text NOT NULL,
  PRIMARY KEY(`board_id`, `user_id`, `permission`),
  FOREIGN KEY (`board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `boardGroupPermission` (
  `board_id` text NOT NULL,
  `group_id` text NOT NULL,
  `permission` text NOT NULL,
  PRIMARY KEY(`board_id`, `group_id`, `permission`),
  FOREIGN KEY (`board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`group_id`) REFERENCES `group`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `layout` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `board_id` text NOT NULL,
  `column_count` integer NOT NULL,
  `breakpoint` integer DEFAULT 0 NOT NULL,
  FOREIGN KEY (`board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `section` (
  `id` text PRIMARY KEY NOT NULL,
  `board_id` text NOT NULL,
  `kind` text NOT NULL,
  `x_offset` integer,
  `y_offset` integer,
  `name` text,
  `options` text DEFAULT '{"json": {}}',
  FOREIGN KEY (`board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `section_layout` (
  `section_id` text NOT NULL,
  `layout_id` text NOT NULL,
  `parent_section_id` text,
  `x_offset` integer NOT NULL,
  `y_offset` integer NOT NULL,
  `width` integer NOT NULL,
  `height` integer NOT NULL,
  PRIMARY KEY(`section_id`, `layout_id`),
  FOREIGN KEY (`section_id`) REFERENCES `section`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`layout_id`) REFERENCES `layout`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`parent_section_id`) REFERENCES `section`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `section_collapse_state` (
  `user_id` text NOT NULL,
  `section_id` text NOT NULL,
  `collapsed` integer DEFAULT false NOT NULL,
  PRIMARY KEY(`user_id`, `section_id`),
  FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`section_id`) REFERENCES `section`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `item` (
  `id` text PRIMARY KEY NOT NULL,
  `board_id` text NOT NULL,
  `kind` text NOT NULL,
  `options` text DEFAULT '{"json": {}}' NOT NULL,
  `advanced_options` text DEFAULT '{"json": {}}' NOT NULL,
  FOREIGN KEY (`board_id`) REFERENCES `board`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `item_layout` (
  `item_id` text NOT NULL,
  `section_id` text NOT NULL,
  `layout_id` text NOT NULL,
  `x_offset` integer NOT NULL,
  `y_offset` integer NOT NULL,
  `width` integer NOT NULL,
  `height` integer NOT NULL,
  PRIMARY KEY(`item_id`, `section_id`, `layout_id`),
  FOREIGN KEY (`item_id`) REFERENCES `item`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`section_id`) REFERENCES `section`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`layout_id`) REFERENCES `layout`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `integration_item` (
  `item_id` text NOT NULL,
  `integration_id` text NOT NULL,
  PRIMARY KEY(`item_id`, `integration_id`),
  FOREIGN KEY (`item_id`) REFERENCES `item`(`id`) ON UPDATE no action ON DELETE cascade,
  FOREIGN KEY (`integration_id`) REFERENCES `integration`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `serverSetting` (
  `setting_key` text PRIMARY KEY NOT NULL,
  `value` text DEFAULT '{"json": {}}' NOT NULL
);
CREATE UNIQUE INDEX `serverSetting_settingKey_unique` ON `serverSetting` (`setting_key`);
CREATE TABLE `onboarding` (
  `id` text PRIMARY KEY NOT NULL,
  `step` text NOT NULL,
  `previous_step` text
);
CREATE TABLE `custom_widget_definition` (
  `id` text PRIMARY KEY NOT NULL,
  `name` text NOT NULL,
  `description` text,
  `icon_url` text,
  `url` text NOT NULL,
  `auth_type` text DEFAULT 'none' NOT NULL,
  `header_name` text,
  `method` text DEFAULT 'GET' NOT NULL,
  `request_body` text,
  `display_type` text DEFAULT 'singleValue' NOT NULL,
  `display_config` text DEFAULT '{"json": {}}' NOT NULL,
  `enabled` integer DEFAULT true NOT NULL,
  `created_at` integer DEFAULT (unixepoch()) NOT NULL,
  `updated_at` integer DEFAULT (unixepoch()) NOT NULL,
  `creator_id` text,
  FOREIGN KEY (`creator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
CREATE TABLE `custom_widget_secret` (
  `definition_id` text NOT NULL,
  `kind` text NOT NULL,
  `value` text NOT NULL,
  `updated_at` integer NOT NULL,
  PRIMARY KEY(`definition_id`, `kind`),
  FOREIGN KEY (`definition_id`) REFERENCES `custom_widget_definition`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `widget_secret` (
  `item_id` text NOT NULL,
  `kind` text NOT NULL,
  `value` text NOT NULL,
  `updated_at` integer NOT NULL,
  PRIMARY KEY(`item_id`, `kind`),
  FOREIGN KEY (`item_id`) REFERENCES `item`(`id`) ON UPDATE no action ON DELETE cascade
);
CREATE TABLE `cron_job_configuration` (
  `name` text PRIMARY KEY NOT NULL,
  `cron_expression` text NOT NULL,
  `is_enabled` integer DEFAULT true NOT NULL
);
CREATE TABLE `trusted_certificate_hostname` (
  `hostname` text NOT NULL,
  `thumbprint` text NOT NULL,
  `certificate` text NOT NULL,
  PRIMARY KEY(`hostname`, `thumbprint`)
);
CREATE TABLE `__drizzle_migrations` (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at numeric
);
)sql";

// ----------------------------------------------------------- PostgreSQL DDL
// Drizzle pg-core: varchar(64) ids, boolean, timestamp (precision 6, no zone),
// smallint, bytea; unique constraints; FKs added after all tables.
const char* kPostgresDdl = R"sql(
CREATE TABLE "app" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "icon_url" text NOT NULL,
  "href" text,
  "ping_url" text
);
CREATE TABLE "iconRepository" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "slug" varchar(150) NOT NULL
);
CREATE TABLE "icon" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(250) NOT NULL,
  "url" text NOT NULL,
  "checksum" text NOT NULL,
  "icon_repository_id" varchar(64) NOT NULL
);
CREATE TABLE "integration" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" text NOT NULL,
  "url" text NOT NULL,
  "kind" varchar(128) NOT NULL,
  "app_id" varchar(128)
);
CREATE INDEX "integration__kind_idx" ON "integration" USING btree ("kind");
CREATE TABLE "integrationSecret" (
  "kind" varchar(64) NOT NULL,
  "value" text NOT NULL,
  "updated_at" timestamp NOT NULL,
  "integration_id" varchar(64) NOT NULL,
  CONSTRAINT "integrationSecret_integration_id_kind_pk" PRIMARY KEY("integration_id","kind")
);
CREATE INDEX "integration_secret__kind_idx" ON "integrationSecret" USING btree ("kind");
CREATE INDEX "integration_secret__updated_at_idx" ON "integrationSecret" USING btree ("updated_at");
CREATE TABLE "search_engine" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "icon_url" text NOT NULL,
  "name" varchar(64) NOT NULL,
  "short" varchar(8) NOT NULL,
  "description" text,
  "url_template" text,
  "type" varchar(64) DEFAULT 'generic' NOT NULL,
  "integration_id" varchar(64),
  CONSTRAINT "search_engine_short_unique" UNIQUE("short")
);
CREATE TABLE "user" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" text,
  "email" text,
  "email_verified" timestamp,
  "image" text,
  "password" text,
  "provider" varchar(64) DEFAULT 'credentials' NOT NULL,
  "home_board_id" varchar(64),
  "mobile_home_board_id" varchar(64),
  "default_search_engine_id" varchar(64),
  "open_search_in_new_tab" boolean DEFAULT false NOT NULL,
  "ddg_bangs" boolean DEFAULT true NOT NULL,
  "color_scheme" varchar(5) DEFAULT 'dark' NOT NULL,
  "first_day_of_week" smallint DEFAULT 1 NOT NULL,
  "ping_icons_enabled" boolean DEFAULT false NOT NULL,
  "enable_right_click_on_widgets" boolean DEFAULT true NOT NULL,
  "completed_manage_tour" boolean DEFAULT false NOT NULL,
  "completed_board_tour" boolean DEFAULT false NOT NULL
);
CREATE TABLE "account" (
  "user_id" varchar(64) NOT NULL,
  "type" text NOT NULL,
  "provider" varchar(64) NOT NULL,
  "provider_account_id" varchar(64) NOT NULL,
  "refresh_token" text,
  "access_token" text,
  "expires_at" integer,
  "token_type" text,
  "scope" text,
  "id_token" text,
  "session_state" text,
  CONSTRAINT "account_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
CREATE INDEX "userId_idx" ON "account" USING btree ("user_id");
CREATE TABLE "session" (
  "session_token" varchar(512) PRIMARY KEY NOT NULL,
  "user_id" varchar(64) NOT NULL,
  "expires" timestamp NOT NULL
);
CREATE INDEX "user_id_idx" ON "session" USING btree ("user_id");
CREATE TABLE "verificationToken" (
  "identifier" varchar(64) NOT NULL,
  "token" varchar(512) NOT NULL,
  "expires" timestamp NOT NULL,
  CONSTRAINT "verificationToken_identifier_token_pk" PRIMARY KEY("identifier","token")
);
CREATE TABLE "apiKey" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "api_key" text NOT NULL,
  "user_id" varchar(64) NOT NULL
);
CREATE TABLE "board" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(256) NOT NULL,
  "is_public" boolean DEFAULT false NOT NULL,
  "creator_id" varchar(64),
  "page_title" text,
  "meta_title" text,
  "logo_image_url" text,
  "favicon_image_url" text,
  "background_image_url" text,
  "background_image_attachment" text DEFAULT 'fixed' NOT NULL,
  "background_image_repeat" text DEFAULT 'no-repeat' NOT NULL,
  "background_image_size" text DEFAULT 'cover' NOT NULL,
  "primary_color" text DEFAULT '#fa5252' NOT NULL,
  "secondary_color" text DEFAULT '#fd7e14' NOT NULL,
  "opacity" integer DEFAULT 100 NOT NULL,
  "custom_css" text,
  "icon_color" text,
  "item_radius" text DEFAULT 'lg' NOT NULL,
  "disable_status" boolean DEFAULT false NOT NULL,
  CONSTRAINT "board_name_unique" UNIQUE("name")
);
CREATE TABLE "group" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(64) NOT NULL,
  "owner_id" varchar(64),
  "home_board_id" varchar(64),
  "mobile_home_board_id" varchar(64),
  "position" smallint NOT NULL,
  CONSTRAINT "group_name_unique" UNIQUE("name")
);
CREATE TABLE "groupMember" (
  "group_id" varchar(64) NOT NULL,
  "user_id" varchar(64) NOT NULL,
  CONSTRAINT "groupMember_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
CREATE TABLE "groupPermission" (
  "group_id" varchar(64) NOT NULL,
  "permission" text NOT NULL
);
CREATE TABLE "invite" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "token" varchar(512) NOT NULL,
  "expiration_date" timestamp NOT NULL,
  "creator_id" varchar(64) NOT NULL,
  CONSTRAINT "invite_token_unique" UNIQUE("token")
);
CREATE TABLE "media" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(512) NOT NULL,
  "content" bytea NOT NULL,
  "content_type" text NOT NULL,
  "size" integer NOT NULL,
  "created_at" timestamp DEFAULT now() NOT NULL,
  "creator_id" varchar(64)
);
CREATE TABLE "integrationUserPermission" (
  "integration_id" varchar(64) NOT NULL,
  "user_id" varchar(64) NOT NULL,
  "permission" varchar(128) NOT NULL,
  CONSTRAINT "integrationUserPermission_integration_id_user_id_permission_pk" PRIMARY KEY("integration_id","user_id","permission")
);
CREATE TABLE "integrationGroupPermissions" (
  "integration_id" varchar(64) NOT NULL,
  "group_id" varchar(64) NOT NULL,
  "permission" varchar(128) NOT NULL,
  CONSTRAINT "integration_group_permission__pk" PRIMARY KEY("integration_id","group_id","permission")
);
CREATE TABLE "boardUserPermission" (
  "board_id" varchar(64) NOT NULL,
  "user_id" varchar(64) NOT NULL,
  "permission" varchar(128) NOT NULL,
  CONSTRAINT "boardUserPermission_board_id_user_id_permission_pk" PRIMARY KEY("board_id","user_id","permission")
);
CREATE TABLE "boardGroupPermission" (
  "board_id" varchar(64) NOT NULL,
  "group_id" varchar(64) NOT NULL,
  "permission" varchar(128) NOT NULL,
  CONSTRAINT "boardGroupPermission_board_id_group_id_permission_pk" PRIMARY KEY("board_id","group_id","permission")
);
CREATE TABLE "layout" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(32) NOT NULL,
  "board_id" varchar(64) NOT NULL,
  "column_count" smallint NOT NULL,
  "breakpoint" smallint DEFAULT 0 NOT NULL
);
CREATE TABLE "section" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "board_id" varchar(64) NOT NULL,
  "kind" text NOT NULL,
  "x_offset" integer,
  "y_offset" integer,
  "name" text,
  "options" text DEFAULT '{"json": {}}'
);
CREATE TABLE "section_layout" (
  "section_id" varchar(64) NOT NULL,
  "layout_id" varchar(64) NOT NULL,
  "parent_section_id" varchar(64),
  "x_offset" integer NOT NULL,
  "y_offset" integer NOT NULL,
  "width" integer NOT NULL,
  "height" integer NOT NULL,
  CONSTRAINT "section_layout_section_id_layout_id_pk" PRIMARY KEY("section_id","layout_id")
);
CREATE TABLE "section_collapse_state" (
  "user_id" varchar(64) NOT NULL,
  "section_id" varchar(64) NOT NULL,
  "collapsed" boolean DEFAULT false NOT NULL,
  CONSTRAINT "section_collapse_state_user_id_section_id_pk" PRIMARY KEY("user_id","section_id")
);
CREATE TABLE "item" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "board_id" varchar(64) NOT NULL,
  "kind" text NOT NULL,
  "options" text DEFAULT '{"json": {}}' NOT NULL,
  "advanced_options" text DEFAULT '{"json": {}}' NOT NULL
);
CREATE TABLE "item_layout" (
  "item_id" varchar(64) NOT NULL,
  "section_id" varchar(64) NOT NULL,
  "layout_id" varchar(64) NOT NULL,
  "x_offset" integer NOT NULL,
  "y_offset" integer NOT NULL,
  "width" integer NOT NULL,
  "height" integer NOT NULL,
  CONSTRAINT "item_layout_item_id_section_id_layout_id_pk" PRIMARY KEY("item_id","section_id","layout_id")
);
CREATE TABLE "integration_item" (
  "item_id" varchar(64) NOT NULL,
  "integration_id" varchar(64) NOT NULL,
  CONSTRAINT "integration_item_item_id_integration_id_pk" PRIMARY KEY("item_id","integration_id")
);
CREATE TABLE "serverSetting" (
  "setting_key" varchar(64) PRIMARY KEY NOT NULL,
  "value" text DEFAULT '{"json": {}}' NOT NULL,
  CONSTRAINT "serverSetting_settingKey_unique" UNIQUE("setting_key")
);
CREATE TABLE "onboarding" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "step" varchar(64) NOT NULL,
  "previous_step" varchar(64)
);
CREATE TABLE "custom_widget_definition" (
  "id" varchar(64) PRIMARY KEY NOT NULL,
  "name" varchar(256) NOT NULL,
  "description" text,
  "icon_url" text,
  "url" text NOT NULL,
  "auth_type" varchar(32) DEFAULT 'none' NOT NULL,
  "header_name" varchar(256),
  "method" varchar(16) DEFAULT 'GET' NOT NULL,
  "request_body" text,
  "display_type" varchar(32) DEFAULT 'singleValue' NOT NULL,
  "display_config" text DEFAULT '{"json": {}}' NOT NULL,
  "enabled" boolean DEFAULT true NOT NULL,
  "created_at" timestamp DEFAULT now() NOT NULL,
  "updated_at" timestamp DEFAULT now() NOT NULL,
  "creator_id" varchar(64)
);
CREATE TABLE "custom_widget_secret" (
  "definition_id" varchar(64) NOT NULL,
  "kind" varchar(64) NOT NULL,
  "value" text NOT NULL,
  "updated_at" timestamp NOT NULL,
  CONSTRAINT "custom_widget_secret_definition_id_kind_pk" PRIMARY KEY("definition_id","kind")
);
CREATE TABLE "widget_secret" (
  "item_id" varchar(64) NOT NULL,
  "kind" varchar(64) NOT NULL,
  "value" text NOT NULL,
  "updated_at" timestamp NOT NULL,
  CONSTRAINT "widget_secret_item_id_kind_pk" PRIMARY KEY("item_id","kind")
);
CREATE TABLE "cron_job_configuration" (
  "name" varchar(256) PRIMARY KEY NOT NULL,
  "cron_expression" varchar(32) NOT NULL,
  "is_enabled" boolean DEFAULT true NOT NULL
);
CREATE TABLE "trusted_certificate_hostname" (
  "hostname" varchar(256) NOT NULL,
  "thumbprint" varchar(128) NOT NULL,
  "certificate" text NOT NULL,
  CONSTRAINT "trusted_certificate_hostname_hostname_thumbprint_pk" PRIMARY KEY("hostname","thumbprint")
);
CREATE SCHEMA IF NOT EXISTS "drizzle";
CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at bigint
);
)sql";

// ---------------------------------------------------------------- MySQL DDL
// Drizzle mysql-core: varchar(64) ids, boolean (= tinyint(1)), timestamp
// without fsp, tinyint/smallint, LONGBLOB; text defaults as expressions.
const char* kMysqlDdl = R"sql(
CREATE TABLE `app` (
  `id` varchar(64) NOT NULL,
  `name` text NOT NULL,
  `description` text,
  `icon_url` text NOT NULL,
  `href` text,
  `ping_url` text,
  CONSTRAINT `app_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `iconRepository` (
  `id` varchar(64) NOT NULL,
  `slug` varchar(150) NOT NULL,
  CONSTRAINT `iconRepository_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `icon` (
  `id` varchar(64) NOT NULL,
  `name` varchar(250) NOT NULL,
  `url` text NOT NULL,
  `checksum` text NOT NULL,
  `icon_repository_id` varchar(64) NOT NULL,
  CONSTRAINT `icon_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `integration` (
  `id` varchar(64) NOT NULL,
  `name` text NOT NULL,
  `url` text NOT NULL,
  `kind` varchar(128) NOT NULL,
  `app_id` varchar(128),
  CONSTRAINT `integration_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `integration__kind_idx` ON `integration` (`kind`);
CREATE TABLE `integrationSecret` (
  `kind` varchar(64) NOT NULL,
  `value` text NOT NULL,
  `updated_at` timestamp NOT NULL,
  `integration_id` varchar(64) NOT NULL,
  CONSTRAINT `integrationSecret_integration_id_kind_pk` PRIMARY KEY(`integration_id`,`kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `integration_secret__kind_idx` ON `integrationSecret` (`kind`);
CREATE INDEX `integration_secret__updated_at_idx` ON `integrationSecret` (`updated_at`);
CREATE TABLE `search_engine` (
  `id` varchar(64) NOT NULL,
  `icon_url` text NOT NULL,
  `name` varchar(64) NOT NULL,
  `short` varchar(8) NOT NULL,
  `description` text,
  `url_template` text,
  `type` varchar(64) NOT NULL DEFAULT 'generic',
  `integration_id` varchar(64),
  CONSTRAINT `search_engine_id` PRIMARY KEY(`id`),
  CONSTRAINT `search_engine_short_unique` UNIQUE(`short`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `user` (
  `id` varchar(64) NOT NULL,
  `name` text,
  `email` text,
  `email_verified` timestamp NULL,
  `image` text,
  `password` text,
  `provider` varchar(64) NOT NULL DEFAULT 'credentials',
  `home_board_id` varchar(64),
  `mobile_home_board_id` varchar(64),
  `default_search_engine_id` varchar(64),
  `open_search_in_new_tab` boolean NOT NULL DEFAULT false,
  `ddg_bangs` boolean NOT NULL DEFAULT true,
  `color_scheme` varchar(5) NOT NULL DEFAULT 'dark',
  `first_day_of_week` tinyint NOT NULL DEFAULT 1,
  `ping_icons_enabled` boolean NOT NULL DEFAULT false,
  `enable_right_click_on_widgets` boolean NOT NULL DEFAULT true,
  `completed_manage_tour` boolean NOT NULL DEFAULT false,
  `completed_board_tour` boolean NOT NULL DEFAULT false,
  CONSTRAINT `user_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `account` (
  `user_id` varchar(64) NOT NULL,
  `type` text NOT NULL,
  `provider` varchar(64) NOT NULL,
  `provider_account_id` varchar(64) NOT NULL,
  `refresh_token` text,
  `access_token` text,
  `expires_at` int,
  `token_type` text,
  `scope` text,
  `id_token` text,
  `session_state` text,
  CONSTRAINT `account_provider_provider_account_id_pk` PRIMARY KEY(`provider`,`provider_account_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `userId_idx` ON `account` (`user_id`);
CREATE TABLE `session` (
  `session_token` varchar(512) NOT NULL,
  `user_id` varchar(64) NOT NULL,
  `expires` timestamp NOT NULL,
  CONSTRAINT `session_session_token` PRIMARY KEY(`session_token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `user_id_idx` ON `session` (`user_id`);
CREATE TABLE `verificationToken` (
  `identifier` varchar(64) NOT NULL,
  `token` varchar(512) NOT NULL,
  `expires` timestamp NOT NULL,
  CONSTRAINT `verificationToken_identifier_token_pk` PRIMARY KEY(`identifier`,`token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `apiKey` (
  `id` varchar(64) NOT NULL,
  `api_key` text NOT NULL,
  `user_id` varchar(64) NOT NULL,
  CONSTRAINT `apiKey_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `board` (
  `id` varchar(64) NOT NULL,
  `name` varchar(256) NOT NULL,
  `is_public` boolean NOT NULL DEFAULT false,
  `creator_id` varchar(64),
  `page_title` text,
  `meta_title` text,
  `logo_image_url` text,
  `favicon_image_url` text,
  `background_image_url` text,
  `background_image_attachment` text NOT NULL DEFAULT ('fixed'),
  `background_image_repeat` text NOT NULL DEFAULT ('no-repeat'),
  `background_image_size` text NOT NULL DEFAULT ('cover'),
  `primary_color` text NOT NULL DEFAULT ('#fa5252'),
  `secondary_color` text NOT NULL DEFAULT ('#fd7e14'),
  `opacity` int NOT NULL DEFAULT 100,
  `custom_css` text,
  `icon_color` text,
  `item_radius` text NOT NULL DEFAULT ('lg'),
  `disable_status` boolean NOT NULL DEFAULT false,
  CONSTRAINT `board_id` PRIMARY KEY(`id`),
  CONSTRAINT `board_name_unique` UNIQUE(`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `group` (
  `id` varchar(64) NOT NULL,
  `name` varchar(64) NOT NULL,
  `owner_id` varchar(64),
  `home_board_id` varchar(64),
  `mobile_home_board_id` varchar(64),
  `position` smallint NOT NULL,
  CONSTRAINT `group_id` PRIMARY KEY(`id`),
  CONSTRAINT `group_name_unique` UNIQUE(`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `groupMember` (
  `group_id` varchar(64) NOT NULL,
  `user_id` varchar(64) NOT NULL,
  CONSTRAINT `groupMember_group_id_user_id_pk` PRIMARY KEY(`group_id`,`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `groupPermission` (
  `group_id` varchar(64) NOT NULL,
  `permission` text NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `invite` (
  `id` varchar(64) NOT NULL,
  `token` varchar(512) NOT NULL,
  `expiration_date` timestamp NOT NULL,
  `creator_id` varchar(64) NOT NULL,
  CONSTRAINT `invite_id` PRIMARY KEY(`id`),
  CONSTRAINT `invite_token_unique` UNIQUE(`token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `media` (
  `id` varchar(64) NOT NULL,
  `name` varchar(512) NOT NULL,
  `content` LONGBLOB NOT NULL,
  `content_type` text NOT NULL,
  `size` int NOT NULL,
  `created_at` timestamp NOT NULL DEFAULT (now()),
  `creator_id` varchar(64),
  CONSTRAINT `media_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `integrationUserPermission` (
  `integration_id` varchar(64) NOT NULL,
  `user_id` varchar(64) NOT NULL,
  `permission` varchar(128) NOT NULL,
  CONSTRAINT `integrationUserPermission_integration_id_user_id_permission_pk` PRIMARY KEY(`integration_id`,`user_id`,`permission`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `integrationGroupPermissions` (
  `integration_id` varchar(64) NOT NULL,
  `group_id` varchar(64) NOT NULL,
  `permission` varchar(128) NOT NULL,
  CONSTRAINT `integration_group_permission__pk` PRIMARY KEY(`integration_id`,`group_id`,`permission`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `boardUserPermission` (
  `board_id` varchar(64) NOT NULL,
  `user_id` varchar(64) NOT NULL,
  `permission` varchar(128) NOT NULL,
  CONSTRAINT `boardUserPermission_board_id_user_id_permission_pk` PRIMARY KEY(`board_id`,`user_id`,`permission`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `boardGroupPermission` (
  `board_id` varchar(64) NOT NULL,
  `group_id` varchar(64) NOT NULL,
  `permission` varchar(128) NOT NULL,
  CONSTRAINT `boardGroupPermission_board_id_group_id_permission_pk` PRIMARY KEY(`board_id`,`group_id`,`permission`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `layout` (
  `id` varchar(64) NOT NULL,
  `name` varchar(32) NOT NULL,
  `board_id` varchar(64) NOT NULL,
  `column_count` tinyint NOT NULL,
  `breakpoint` smallint NOT NULL DEFAULT 0,
  CONSTRAINT `layout_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `section` (
  `id` varchar(64) NOT NULL,
  `board_id` varchar(64) NOT NULL,
  `kind` text NOT NULL,
  `x_offset` int,
  `y_offset` int,
  `name` text,
  `options` text DEFAULT ('{"json": {}}'),
  CONSTRAINT `section_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `section_layout` (
  `section_id` varchar(64) NOT NULL,
  `layout_id` varchar(64) NOT NULL,
  `parent_section_id` varchar(64),
  `x_offset` int NOT NULL,
  `y_offset` int NOT NULL,
  `width` int NOT NULL,
  `height` int NOT NULL,
  CONSTRAINT `section_layout_section_id_layout_id_pk` PRIMARY KEY(`section_id`,`layout_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `section_collapse_state` (
  `user_id` varchar(64) NOT NULL,
  `section_id` varchar(64) NOT NULL,
  `collapsed` boolean NOT NULL DEFAULT false,
  CONSTRAINT `section_collapse_state_user_id_section_id_pk` PRIMARY KEY(`user_id`,`section_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `item` (
  `id` varchar(64) NOT NULL,
  `board_id` varchar(64) NOT NULL,
  `kind` text NOT NULL,
  `options` text NOT NULL DEFAULT ('{"json": {}}'),
  `advanced_options` text NOT NULL DEFAULT ('{"json": {}}'),
  CONSTRAINT `item_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `item_layout` (
  `item_id` varchar(64) NOT NULL,
  `section_id` varchar(64) NOT NULL,
  `layout_id` varchar(64) NOT NULL,
  `x_offset` int NOT NULL,
  `y_offset` int NOT NULL,
  `width` int NOT NULL,
  `height` int NOT NULL,
  CONSTRAINT `item_layout_item_id_section_id_layout_id_pk` PRIMARY KEY(`item_id`,`section_id`,`layout_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `integration_item` (
  `item_id` varchar(64) NOT NULL,
  `integration_id` varchar(64) NOT NULL,
  CONSTRAINT `integration_item_item_id_integration_id_pk` PRIMARY KEY(`item_id`,`integration_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `serverSetting` (
  `setting_key` varchar(64) NOT NULL,
  `value` text NOT NULL DEFAULT ('{"json": {}}'),
  CONSTRAINT `serverSetting_setting_key` PRIMARY KEY(`setting_key`),
  CONSTRAINT `serverSetting_settingKey_unique` UNIQUE(`setting_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `onboarding` (
  `id` varchar(64) NOT NULL,
  `step` varchar(64) NOT NULL,
  `previous_step` varchar(64),
  CONSTRAINT `onboarding_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `custom_widget_definition` (
  `id` varchar(64) NOT NULL,
  `name` varchar(256) NOT NULL,
  `description` text,
  `icon_url` text,
  `url` text NOT NULL,
  `auth_type` varchar(32) NOT NULL DEFAULT 'none',
  `header_name` varchar(256),
  `method` varchar(16) NOT NULL DEFAULT 'GET',
  `request_body` text,
  `display_type` varchar(32) NOT NULL DEFAULT 'singleValue',
  `display_config` text NOT NULL DEFAULT ('{"json": {}}'),
  `enabled` boolean NOT NULL DEFAULT true,
  `created_at` timestamp NOT NULL DEFAULT (now()),
  `updated_at` timestamp NOT NULL DEFAULT (now()),
  `creator_id` varchar(64),
  CONSTRAINT `custom_widget_definition_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `custom_widget_secret` (
  `definition_id` varchar(64) NOT NULL,
  `kind` varchar(64) NOT NULL,
  `value` text NOT NULL,
  `updated_at` timestamp NOT NULL,
  CONSTRAINT `custom_widget_secret_definition_id_kind_pk` PRIMARY KEY(`definition_id`,`kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `widget_secret` (
  `item_id` varchar(64) NOT NULL,
  `kind` varchar(64) NOT NULL,
  `value` text NOT NULL,
  `updated_at` timestamp NOT NULL,
  CONSTRAINT `widget_secret_item_id_kind_pk` PRIMARY KEY(`item_id`,`kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `cron_job_configuration` (
  `name` varchar(256) NOT NULL,
  `cron_expression` varchar(32) NOT NULL,
  `is_enabled` boolean NOT NULL DEFAULT true,
  CONSTRAINT `cron_job_configuration_name` PRIMARY KEY(`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `trusted_certificate_hostname` (
  `hostname` varchar(256) NOT NULL,
  `thumbprint` varchar(128) NOT NULL,
  `certificate` text NOT NULL,
  CONSTRAINT `trusted_certificate_hostname_hostname_thumbprint_pk` PRIMARY KEY(`hostname`,`thumbprint`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `__drizzle_migrations` (
  id serial primary key,
  hash text NOT NULL,
  created_at bigint
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
)sql";

// FKs of MySQL and PostgreSQL, added after every table exists (the cycles
// user<->board, group->user/board, user->search_engine->integration->app,
// section_layout->section need that). Written once, quoted per dialect:
// {table, constraint, column, referenced table, ON DELETE}. Every FK
// references the `id` column. SQLite declares the same FKs inline above.
struct ForeignKey {
  const char* table;
  const char* name;
  const char* column;
  const char* ref_table;
  const char* on_delete;
};
const ForeignKey kForeignKeys[] = {
    {"icon", "icon_icon_repository_id_iconRepository_id_fk", "icon_repository_id", "iconRepository", "cascade"},
    {"integration", "integration_app_id_app_id_fk", "app_id", "app", "set null"},
    {"integrationSecret", "integrationSecret_integration_id_integration_id_fk", "integration_id", "integration", "cascade"},
    {"search_engine", "search_engine_integration_id_integration_id_fk", "integration_id", "integration", "cascade"},
    {"user", "user_home_board_id_board_id_fk", "home_board_id", "board", "set null"},
    {"user", "user_mobile_home_board_id_board_id_fk", "mobile_home_board_id", "board", "set null"},
    {"user", "user_default_search_engine_id_search_engine_id_fk", "default_search_engine_id", "search_engine", "set null"},
    {"account", "account_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"session", "session_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"apiKey", "apiKey_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"board", "board_creator_id_user_id_fk", "creator_id", "user", "set null"},
    {"group", "group_owner_id_user_id_fk", "owner_id", "user", "set null"},
    {"group", "group_home_board_id_board_id_fk", "home_board_id", "board", "set null"},
    {"group", "group_mobile_home_board_id_board_id_fk", "mobile_home_board_id", "board", "set null"},
    {"groupMember", "groupMember_group_id_group_id_fk", "group_id", "group", "cascade"},
    {"groupMember", "groupMember_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"groupPermission", "groupPermission_group_id_group_id_fk", "group_id", "group", "cascade"},
    {"invite", "invite_creator_id_user_id_fk", "creator_id", "user", "cascade"},
    {"media", "media_creator_id_user_id_fk", "creator_id", "user", "set null"},
    {"integrationUserPermission", "integrationUserPermission_integration_id_integration_id_fk", "integration_id", "integration", "cascade"},
    {"integrationUserPermission", "integrationUserPermission_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"integrationGroupPermissions", "integrationGroupPermissions_integration_id_integration_id_fk", "integration_id", "integration", "cascade"},
    {"integrationGroupPermissions", "integrationGroupPermissions_group_id_group_id_fk", "group_id", "group", "cascade"},
    {"boardUserPermission", "boardUserPermission_board_id_board_id_fk", "board_id", "board", "cascade"},
    {"boardUserPermission", "boardUserPermission_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"boardGroupPermission", "boardGroupPermission_board_id_board_id_fk", "board_id", "board", "cascade"},
    {"boardGroupPermission", "boardGroupPermission_group_id_group_id_fk", "group_id", "group", "cascade"},
    {"layout", "layout_board_id_board_id_fk", "board_id", "board", "cascade"},
    {"section", "section_board_id_board_id_fk", "board_id", "board", "cascade"},
    {"section_layout", "section_layout_section_id_section_id_fk", "section_id", "section", "cascade"},
    {"section_layout", "section_layout_layout_id_layout_id_fk", "layout_id", "layout", "cascade"},
    {"section_layout", "section_layout_parent_section_id_section_id_fk", "parent_section_id", "section", "cascade"},
    {"section_collapse_state", "section_collapse_state_user_id_user_id_fk", "user_id", "user", "cascade"},
    {"section_collapse_state", "section_collapse_state_section_id_section_id_fk", "section_id", "section", "cascade"},
    {"item", "item_board_id_board_id_fk", "board_id", "board", "cascade"},
    {"item_layout", "item_layout_item_id_item_id_fk", "item_id", "item", "cascade"},
    {"item_layout", "item_layout_section_id_section_id_fk", "section_id", "section", "cascade"},
    {"item_layout", "item_layout_layout_id_layout_id_fk", "layout_id", "layout", "cascade"},
    {"integration_item", "integration_item_item_id_item_id_fk", "item_id", "item", "cascade"},
    {"integration_item", "integration_item_integration_id_integration_id_fk", "integration_id", "integration", "cascade"},
    {"custom_widget_definition", "custom_widget_definition_creator_id_user_id_fk", "creator_id", "user", "set null"},
    // Drizzle's derived name would be 65 characters; Homarr names it shorter.
    {"custom_widget_secret", "custom_widget_secret_definition_id_fk", "definition_id", "custom_widget_definition", "cascade"},
    {"widget_secret", "widget_secret_item_id_item_id_fk", "item_id", "item", "cascade"},
};

// Drizzle migration journal stand-ins: three entries per dialect (tags and
// hashes differ per dialect; created_at is the journal's `when`, in ms).
struct Migration {
  const char* tag;
  int64_t when;
};
const Migration kSqliteJournal[] = {{"0000_talented_ben_parker", 1714817536714},
                                    {"0040_sqlite_step", 1760000000000},
                                    {"0041_sqlite_latest", 1786000000000}};
const Migration kMysqlJournal[] = {{"0000_harsh_photon", 1714817544524},
                                   {"0042_mysql_step", 1760000000100},
                                   {"0043_mysql_latest", 1786000000100}};
const Migration kPostgresJournal[] = {{"0000_initial", 1754784000000},
                                      {"0008_pg_step", 1770000000200},
                                      {"0009_pg_latest", 1786000000200}};

// ------------------------------------------------------------------ catalog

std::vector<Table> MakeTables() {
  using K = Kind;
  const K T = K::kText, I = K::kInt, B = K::kBool, MS = K::kTsMs, S = K::kTsS, BL = K::kBlob;
  return {
      {"app", {{"id", T}, {"name", T}, {"description", T}, {"icon_url", T}, {"href", T}, {"ping_url", T}}},
      {"iconRepository", {{"id", T}, {"slug", T}}},
      {"icon", {{"id", T}, {"name", T}, {"url", T}, {"checksum", T}, {"icon_repository_id", T}}},
      {"integration", {{"id", T}, {"name", T}, {"url", T}, {"kind", T}, {"app_id", T}}},
      {"integrationSecret", {{"kind", T}, {"value", T}, {"updated_at", S}, {"integration_id", T}}},
      {"search_engine",
       {{"id", T}, {"icon_url", T}, {"name", T}, {"short", T}, {"description", T}, {"url_template", T},
        {"type", T}, {"integration_id", T}}},
      {"user",
       {{"id", T}, {"name", T}, {"email", T}, {"email_verified", MS}, {"image", T}, {"password", T},
        {"provider", T}, {"home_board_id", T}, {"mobile_home_board_id", T}, {"default_search_engine_id", T},
        {"open_search_in_new_tab", B}, {"ddg_bangs", B}, {"color_scheme", T}, {"first_day_of_week", I},
        {"ping_icons_enabled", B}, {"enable_right_click_on_widgets", B}, {"completed_manage_tour", B},
        {"completed_board_tour", B}}},
      {"account",
       {{"user_id", T}, {"type", T}, {"provider", T}, {"provider_account_id", T}, {"refresh_token", T},
        {"access_token", T}, {"expires_at", I}, {"token_type", T}, {"scope", T}, {"id_token", T},
        {"session_state", T}}},
      {"session", {{"session_token", T}, {"user_id", T}, {"expires", MS}}},
      {"verificationToken", {{"identifier", T}, {"token", T}, {"expires", MS}}},
      {"apiKey", {{"id", T}, {"api_key", T}, {"user_id", T}}},
      {"board",
       {{"id", T}, {"name", T}, {"is_public", B}, {"creator_id", T}, {"page_title", T}, {"meta_title", T},
        {"logo_image_url", T}, {"favicon_image_url", T}, {"background_image_url", T},
        {"background_image_attachment", T}, {"background_image_repeat", T}, {"background_image_size", T},
        {"primary_color", T}, {"secondary_color", T}, {"opacity", I}, {"custom_css", T}, {"icon_color", T},
        {"item_radius", T}, {"disable_status", B}}},
      {"group",
       {{"id", T}, {"name", T}, {"owner_id", T}, {"home_board_id", T}, {"mobile_home_board_id", T},
        {"position", I}}},
      {"groupMember", {{"group_id", T}, {"user_id", T}}},
      {"groupPermission", {{"group_id", T}, {"permission", T}}},
      {"invite", {{"id", T}, {"token", T}, {"expiration_date", S}, {"creator_id", T}}},
      {"media",
       {{"id", T}, {"name", T}, {"content", BL}, {"content_type", T}, {"size", I}, {"created_at", S},
        {"creator_id", T}}},
      {"integrationUserPermission", {{"integration_id", T}, {"user_id", T}, {"permission", T}}},
      {"integrationGroupPermissions", {{"integration_id", T}, {"group_id", T}, {"permission", T}}},
      {"boardUserPermission", {{"board_id", T}, {"user_id", T}, {"permission", T}}},
      {"boardGroupPermission", {{"board_id", T}, {"group_id", T}, {"permission", T}}},
      {"layout", {{"id", T}, {"name", T}, {"board_id", T}, {"column_count", I}, {"breakpoint", I}}},
      {"section",
       {{"id", T}, {"board_id", T}, {"kind", T}, {"x_offset", I}, {"y_offset", I}, {"name", T}, {"options", T}}},
      {"section_layout",
       {{"section_id", T}, {"layout_id", T}, {"parent_section_id", T}, {"x_offset", I}, {"y_offset", I},
        {"width", I}, {"height", I}}},
      {"section_collapse_state", {{"user_id", T}, {"section_id", T}, {"collapsed", B}}},
      {"item", {{"id", T}, {"board_id", T}, {"kind", T}, {"options", T}, {"advanced_options", T}}},
      {"item_layout",
       {{"item_id", T}, {"section_id", T}, {"layout_id", T}, {"x_offset", I}, {"y_offset", I}, {"width", I},
        {"height", I}}},
      {"integration_item", {{"item_id", T}, {"integration_id", T}}},
      {"serverSetting", {{"setting_key", T}, {"value", T}}},
      {"onboarding", {{"id", T}, {"step", T}, {"previous_step", T}}},
      {"custom_widget_definition",
       {{"id", T}, {"name", T}, {"description", T}, {"icon_url", T}, {"url", T}, {"auth_type", T},
        {"header_name", T}, {"method", T}, {"request_body", T}, {"display_type", T}, {"display_config", T},
        {"enabled", B}, {"created_at", S}, {"updated_at", S}, {"creator_id", T}}},
      {"custom_widget_secret", {{"definition_id", T}, {"kind", T}, {"value", T}, {"updated_at", S}}},
      {"widget_secret", {{"item_id", T}, {"kind", T}, {"value", T}, {"updated_at", S}}},
      {"cron_job_configuration", {{"name", T}, {"cron_expression", T}, {"is_enabled", B}}},
      {"trusted_certificate_hostname", {{"hostname", T}, {"thumbprint", T}, {"certificate", T}}},
  };
}

const Table& FindTable(const std::string& name) {
  for (const auto& t : Tables())
    if (t.name == name) return t;
  throw std::invalid_argument("homarr fixture: no table " + name);
}

// ------------------------------------------------------------------- values

// A value for one column; rendered per dialect by the column's Kind.
// kText/kBlob use `s`; kInt/kBool/kTsMs/kTsS use `i` (kTsS: epoch seconds,
// kTsMs: epoch milliseconds, kBool: 0/1).
struct V {
  bool null = false;
  std::string s;
  int64_t i = 0;
};
V Null() { return V{true, {}, 0}; }
V S(std::string s) { return V{false, std::move(s), 0}; }
V N(int64_t i) { return V{false, {}, i}; }
using Values = std::vector<V>;

std::string Hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

// "YYYY-MM-DD HH:MM:SS[.mmm]" in UTC, as Drizzle writes MySQL/PG timestamps.
std::string WallClock(int64_t ms, bool with_ms) {
  time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out = buf;
  if (with_ms) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(ms % 1000));
    out += buf;
  }
  return out;
}

std::string Literal(Dialect d, Kind kind, const V& v) {
  if (v.null) return "NULL";
  switch (kind) {
    case Kind::kText: {
      std::string out = "'";
      for (char c : v.s) {
        if (c == '\'') out += "''";
        else if (c == '\\' && d == Dialect::kMysql) out += "\\\\";
        else out += c;
      }
      return out + "'";
    }
    case Kind::kBlob:
      return d == Dialect::kPostgres ? "'\\x" + Hex(v.s) + "'::bytea" : "X'" + Hex(v.s) + "'";
    case Kind::kInt:
      return std::to_string(v.i);
    case Kind::kBool:
      if (d == Dialect::kSqlite) return v.i ? "1" : "0";
      return v.i ? "true" : "false";
    case Kind::kTsMs:
      if (d == Dialect::kSqlite) return std::to_string(v.i);
      return "'" + WallClock(v.i, true) + "'";
    case Kind::kTsS:
      if (d == Dialect::kSqlite) return std::to_string(v.i);
      return "'" + WallClock(v.i * 1000, false) + "'";
  }
  return "NULL";
}

std::string Q(Dialect d, const std::string& ident) {
  return d == Dialect::kMysql ? "`" + ident + "`" : "\"" + ident + "\"";
}

// Multi-row INSERTs of `rows` (all columns of the table, in catalog order),
// 500 rows a statement, run as one Query (one transaction on SQLite/PG).
void Insert(Dialect d, const std::string& uri, const std::string& table, const std::vector<Values>& rows) {
  if (rows.empty()) return;
  const Table& t = FindTable(table);
  std::string head = "INSERT INTO " + Q(d, table) + " (";
  for (size_t c = 0; c < t.columns.size(); ++c) head += (c ? ", " : "") + Q(d, t.columns[c].name);
  head += ") VALUES\n";
  std::string sql = d == Dialect::kSqlite ? "BEGIN;\n" : "";
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != t.columns.size())
      throw std::logic_error("homarr fixture: row width mismatch for " + table);
    sql += r % 500 == 0 ? head : ",\n";
    sql += "(";
    for (size_t c = 0; c < t.columns.size(); ++c)
      sql += (c ? ", " : "") + Literal(d, t.columns[c].kind, rows[r][c]);
    sql += ")";
    if (r % 500 == 499 || r + 1 == rows.size()) sql += ";\n";
  }
  if (d == Dialect::kSqlite) sql += "COMMIT;\n";
  Query(uri, sql);
}

// ------------------------------------------------------------ ids and bytes

struct Rng {
  uint64_t state;
  uint64_t Next() {  // splitmix64
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // A cuid2-looking id: 24 characters, a letter first, then [a-z0-9].
  std::string Id() {
    static const char* a = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out(1, a[Next() % 26]);
    while (out.size() < 24) out += a[Next() % 36];
    return out;
  }
  std::string HexString(size_t n) {
    std::string bytes;
    while (bytes.size() < n) bytes += static_cast<char>(Next() & 0xff);
    return Hex(bytes);
  }
};

// Fake SHA-256 hex of a migration file: 64 deterministic hex digits.
std::string FakeHash(const std::string& text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  Rng r{h};
  return r.HexString(32);
}

}  // namespace

// ------------------------------------------------------------------- public

const std::vector<Table>& Tables() {
  static const std::vector<Table> tables = MakeTables();
  return tables;
}

std::string Quote(const std::string& dialect, const std::string& ident) { return Q(ParseDialect(dialect), ident); }

void CreateSchema(const std::string& dialect, const std::string& uri) {
  Dialect d = ParseDialect(dialect);
  std::string sql = d == Dialect::kSqlite ? kSqliteDdl : d == Dialect::kPostgres ? kPostgresDdl : kMysqlDdl;
  if (d != Dialect::kSqlite) {
    for (const auto& fk : kForeignKeys) {
      sql += "ALTER TABLE " + Q(d, fk.table) + " ADD CONSTRAINT " + Q(d, fk.name) + " FOREIGN KEY (" +
             Q(d, fk.column) + ") REFERENCES " + (d == Dialect::kPostgres ? "\"public\"." : "") +
             Q(d, fk.ref_table) + "(" + Q(d, "id") + ") ON DELETE " + fk.on_delete + " ON UPDATE no action;\n";
    }
  }
  const Migration* journal = d == Dialect::kSqlite ? kSqliteJournal : d == Dialect::kPostgres ? kPostgresJournal
                                                                                            : kMysqlJournal;
  std::string table = d == Dialect::kPostgres ? "\"drizzle\".\"__drizzle_migrations\"" : Q(d, "__drizzle_migrations");
  for (int i = 0; i < 3; ++i) {
    sql += "INSERT INTO " + table + " (hash, created_at) VALUES ('" +
           FakeHash(std::string(dialect) + "/" + journal[i].tag + ".sql") + "', " + std::to_string(journal[i].when) +
           ");\n";
  }
  Query(uri, sql);
}

namespace {

struct SeedIds {
  std::string everyone, onboarding, google, youtube, docs;
};
SeedIds MakeSeedIds(int seed) {
  Rng r{0x5eed0000ULL + static_cast<uint64_t>(static_cast<uint32_t>(seed)) * 7919ULL};
  SeedIds ids;
  ids.everyone = r.Id();
  ids.onboarding = r.Id();
  ids.google = r.Id();
  ids.youtube = r.Id();
  ids.docs = r.Id();
  return ids;
}

int64_t Count(const std::string& uri, const std::string& sql) {
  auto rows = Query(uri, sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

}  // namespace

std::string EveryoneGroupId(int seed) { return MakeSeedIds(seed).everyone; }

// Homarr's seed is idempotent (it runs on every start): each part inserts
// only what is missing.
void Seed(const std::string& dialect, const std::string& uri, int seed) {
  Dialect d = ParseDialect(dialect);
  SeedIds ids = MakeSeedIds(seed);
  if (Count(uri, "SELECT count(*) FROM " + Q(d, "group") + " WHERE name = 'everyone'") == 0)
    Insert(d, uri, "group", {{S(ids.everyone), S("everyone"), Null(), Null(), Null(), N(-1)}});
  if (Count(uri, "SELECT count(*) FROM " + Q(d, "onboarding")) == 0)
    Insert(d, uri, "onboarding", {{S(ids.onboarding), S("start"), Null()}});

  const std::pair<const char*, const char*> settings[] = {
      {"analytics",
       R"({"json":{"enableGeneral":true,"enableWidgetData":false,"enableIntegrationData":false,"enableUserData":false}})"},
      {"crawlingAndIndexing",
       R"({"json":{"noIndex":true,"noFollow":true,"noTranslate":true,"noSiteLinksSearchBox":false}})"},
      {"board",
       R"({"json":{"homeBoardId":null,"mobileHomeBoardId":null,"enableStatusByDefault":true,"forceDisableStatus":false}})"},
      {"appearance", R"({"json":{"defaultColorScheme":"light"}})"},
      {"culture", R"({"json":{"defaultLocale":"en"}})"},
      {"search", R"({"json":{"defaultSearchEngineId":null}})"},
  };
  std::vector<Values> missing;
  for (const auto& [key, value] : settings) {
    if (Count(uri, "SELECT count(*) FROM " + Q(d, "serverSetting") + " WHERE setting_key = '" + key + "'") == 0)
      missing.push_back({S(key), S(value)});
  }
  Insert(d, uri, "serverSetting", missing);

  if (Count(uri, "SELECT count(*) FROM " + Q(d, "search_engine")) == 0) {
    const std::string cdn = "https://cdn.jsdelivr.net/gh/homarr-labs/dashboard-icons/svg/";
    Insert(d, uri, "search_engine",
           {{S(ids.google), S(cdn + "google.svg"), S("Google"), S("g"), S("Search the web with Google"),
             S("https://www.google.com/search?q=%s"), S("generic"), Null()},
            {S(ids.youtube), S(cdn + "youtube.svg"), S("YouTube"), S("yt"), S("Search for videos on YouTube"),
             S("https://www.youtube.com/results?search_query=%s"), S("generic"), Null()},
            {S(ids.docs), S(cdn + "homarr.svg"), S("Homarr Docs"), S("docs"), S("Search the Homarr documentation"),
             S("https://homarr.dev/search?q=%s"), S("generic"), Null()}});
    Query(uri, "UPDATE " + Q(d, "serverSetting") + " SET value = '{\"json\":{\"defaultSearchEngineId\":\"" +
                   ids.docs + "\"}}' WHERE setting_key = 'search'");
  }
}

void FillRealistic(const std::string& dialect, const std::string& uri) {
  Dialect d = ParseDialect(dialect);
  Rng r{0x484f4d4152520001ULL};  // fixed: the instance is the same in every dialect and for every seed
  const int64_t t0 = 1718000000;  // 2024-06-10 06:13:20 UTC; everything below stays before 2027
  auto ms = [&](int64_t secs_after, int millis) { return N((t0 + secs_after) * 1000 + millis); };
  auto secs = [&](int64_t secs_after) { return N(t0 + secs_after); };
  auto secret = [&]() { return S(r.HexString(32) + "." + r.HexString(16)); };  // "<ciphertext>.<iv>"
  auto bcrypt = [&]() {
    static const char* a = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string h = "$2a$10$";
    while (h.size() < 60) h += a[r.Next() % 64];
    return S(h);
  };

  // Apps, icons, integrations and the integration-backed search engine.
  std::string app[4];
  for (auto& id : app) id = r.Id();
  Insert(d, uri, "app",
         {{S(app[0]), S("Jellyfin"), S("Media server"), S("https://cdn.example/jellyfin.svg"),
           S("https://jf.home.arpa"), S("http://10.0.0.5:8096/health")},
          {S(app[1]), S("Home Assistant"), S("Zoë's home 🏠"), S("https://cdn.example/ha.svg"),
           S("https://ha.home.arpa"), Null()},
          {S(app[2]), S("Router"), Null(), S("https://cdn.example/router.png"), Null(), Null()},
          {S(app[3]), S("Wiki"), S("Line one\nLine two\twith tab and \\ backslash"),
           S("https://cdn.example/wiki.svg"), S("https://wiki.home.arpa/?a=1&b='2'"), Null()}});
  std::string repo[2] = {r.Id(), r.Id()};
  Insert(d, uri, "iconRepository", {{S(repo[0]), S("homarr-labs/dashboard-icons")}, {S(repo[1]), S("selfhst/icons")}});
  std::vector<Values> icons;
  const char* icon_names[] = {"jellyfin", "plex", "sonarr", "radarr", "pi-hole", "home-assistant", "nextcloud",
                              "gitea", "grafana", "proxmox"};
  for (int i = 0; i < 10; ++i)
    icons.push_back({S(r.Id()), S(std::string(icon_names[i]) + (i % 2 ? ".png" : ".svg")),
                     S("https://cdn.example/icons/" + std::string(icon_names[i]) + ".svg"), S(r.HexString(32)),
                     S(repo[i % 2])});
  Insert(d, uri, "icon", icons);
  std::string integ[4];
  for (auto& id : integ) id = r.Id();
  Insert(d, uri, "integration",
         {{S(integ[0]), S("Jellyfin"), S("https://jf.home.arpa"), S("jellyfin"), S(app[0])},
          {S(integ[1]), S("Pi-hole"), S("http://10.0.0.2"), S("piHole"), Null()},
          {S(integ[2]), S("Home Assistant"), S("https://ha.home.arpa"), S("homeAssistant"), S(app[1])},
          {S(integ[3]), S("Sonarr"), S("http://10.0.0.7:8989"), S("sonarr"), Null()}});
  Insert(d, uri, "integrationSecret",
         {{S("apiKey"), secret(), secs(100), S(integ[0])},
          {S("apiKey"), secret(), secs(200), S(integ[1])},
          {S("password"), S("plain-legacy-value"), secs(201), S(integ[1])},  // not in the encrypted shape
          {S("apiKey"), secret(), secs(300), S(integ[2])},
          {S("username"), secret(), secs(400), S(integ[3])},
          {S("password"), secret(), secs(401), S(integ[3])}});
  std::string jf_engine = r.Id();
  Insert(d, uri, "search_engine",
         {{S(jf_engine), S("https://cdn.example/jellyfin.svg"), S("Jellyfin"), S("jf"), S("Search my media"), Null(),
           S("fromIntegration"), S(integ[0])}});

  // Users (home boards set after the boards exist: the user <-> board cycle).
  std::string user[5];
  for (auto& id : user) id = r.Id();
  Insert(d, uri, "user",
         {{S(user[0]), S("admin"), S("admin@example.org"), Null(), Null(), bcrypt(), S("credentials"), Null(), Null(),
           Null(), N(1), N(1), S("dark"), N(1), N(0), N(1), N(1), N(1)},
          {S(user[1]), S("Zoë 🚀"), S("zoe@example.org"), ms(3600, 123), S("https://cdn.example/zoe.png"), bcrypt(),
           S("credentials"), Null(), Null(), S(jf_engine), N(0), N(0), S("light"), N(0), N(1), N(0), N(1), N(0)},
          {S(user[2]), S("Olivia OIDC"), S("olivia@sso.example.org"), ms(7200, 987), Null(), Null(), S("oidc"),
           Null(), Null(), Null(), N(0), N(1), S("dark"), N(6), N(0), N(1), N(0), N(0)},
          {S(user[3]), S("bob"), Null(), Null(), Null(), Null(), S("ldap"), Null(), Null(), Null(), N(1), N(0),
           S("dark"), N(1), N(1), N(1), N(0), N(1)},
          {S(user[4]), Null(), Null(), Null(), Null(), Null(), S("credentials"), Null(), Null(), Null(), N(0), N(1),
           S("light"), N(1), N(0), N(0), N(0), N(0)}});
  Insert(d, uri, "account",
         {{S(user[2]), S("oidc"), S("oidc"), S("sub-7f3a9c"), S(r.HexString(24)), S(r.HexString(24)), secs(3600),
           S("bearer"), S("openid email profile"), S("eyJhbGciOiJSUzI1NiJ9." + r.HexString(20)), Null()},
          {S(user[1]), S("oidc"), S("oidc"), S("sub-zoe-42"), Null(), S(r.HexString(24)), secs(7200), S("bearer"),
           S("openid"), Null(), S("st-1")},
          {S(user[3]), S("ldap"), S("ldap"), S("uid=bob,ou=people,dc=home,dc=arpa"), Null(), Null(), Null(), Null(),
           Null(), Null(), Null()}});
  std::vector<Values> sessions;
  for (int i = 0; i < 4; ++i)
    sessions.push_back({S(r.HexString(32)), S(user[i % 3]), ms(30 * 86400 + i * 1111, 7 + i * 111)});
  Insert(d, uri, "session", sessions);
  Insert(d, uri, "verificationToken",
         {{S("zoe@example.org"), S(r.HexString(32)), ms(900, 450)},
          {S("olivia@sso.example.org"), S(r.HexString(32)), ms(1800, 1)}});
  Insert(d, uri, "apiKey", {{S(r.Id()), bcrypt(), S(user[0])}, {S(r.Id()), bcrypt(), S(user[1])}});

  // Boards, then the cycle back from user and group to board.
  std::string board[3];
  for (auto& id : board) id = r.Id();
  Insert(d, uri, "board",
         {{S(board[0]), S("default"), N(1), S(user[0]), S("Homarr"), S("Home"), S("/logo.png"), S("/favicon.ico"),
           Null(), S("fixed"), S("no-repeat"), S("cover"), S("#fa5252"), S("#fd7e14"), N(100),
           S(".card {\n  content: \"\\201C\";\n  color: 'red';\n}"), Null(), S("lg"), N(0)},
          {S(board[1]), S("Zoë’s board"), N(0), S(user[1]), Null(), Null(), Null(), Null(),
           S("https://img.example/bg.jpg"), S("scroll"), S("repeat"), S("contain"), S("#228be6"), S("#40c057"),
           N(80), Null(), S("#ffffff"), S("md"), N(1)},
          {S(board[2]), S("media"), N(1), S(user[2]), S("Media"), Null(), Null(), Null(), Null(), S("fixed"),
           S("no-repeat"), S("cover"), S("#fa5252"), S("#fd7e14"), N(100), Null(), Null(), S("lg"), N(0)}});
  Query(uri, "UPDATE " + Q(d, "user") + " SET home_board_id = '" + board[0] + "', mobile_home_board_id = '" +
                 board[2] + "' WHERE id = '" + user[0] + "';\n" + "UPDATE " + Q(d, "user") +
                 " SET home_board_id = '" + board[1] + "' WHERE id = '" + user[1] + "';\n" + "UPDATE " +
                 Q(d, "user") + " SET home_board_id = '" + board[2] + "' WHERE id = '" + user[2] + "';\n" +
                 // a seeded row referenced from realistic data
                 "UPDATE " + Q(d, "user") + " SET default_search_engine_id = (SELECT id FROM " +
                 Q(d, "search_engine") + " WHERE short = 'docs') WHERE id = '" + user[0] + "'");

  // Groups, members, permissions.
  std::string grp[3];
  for (auto& id : grp) id = r.Id();
  Insert(d, uri, "group",
         {{S(grp[0]), S("admins"), S(user[0]), S(board[0]), S(board[0]), N(0)},
          {S(grp[1]), S("family"), S(user[1]), S(board[1]), Null(), N(1)},
          {S(grp[2]), S("Guests"), Null(), Null(), Null(), N(2)}});
  Insert(d, uri, "groupMember",
         {{S(grp[0]), S(user[0])}, {S(grp[0]), S(user[3])}, {S(grp[1]), S(user[1])}, {S(grp[1]), S(user[2])},
          {S(grp[1]), S(user[4])}, {S(grp[2]), S(user[4])}});
  Insert(d, uri, "groupPermission",
         {{S(grp[0]), S("admin")}, {S(grp[1]), S("board-create")}, {S(grp[1]), S("integration-use-all")},
          {S(grp[1]), S("media-upload")}});
  Insert(d, uri, "integrationUserPermission",
         {{S(integ[0]), S(user[1]), S("use")}, {S(integ[0]), S(user[1]), S("interact")},
          {S(integ[2]), S(user[2]), S("full")}});
  Insert(d, uri, "integrationGroupPermissions",
         {{S(integ[0]), S(grp[1]), S("use")}, {S(integ[2]), S(grp[0]), S("full")}});
  Insert(d, uri, "boardUserPermission",
         {{S(board[1]), S(user[2]), S("view")}, {S(board[1]), S(user[0]), S("modify")},
          {S(board[2]), S(user[1]), S("full")}});
  Insert(d, uri, "boardGroupPermission",
         {{S(board[0]), S(grp[1]), S("view")}, {S(board[2]), S(grp[0]), S("modify")}});
  // Permissions of the seeded group `everyone`, by name.
  Query(uri, "INSERT INTO " + Q(d, "groupPermission") + " (group_id, permission) SELECT id, 'media-view-all' FROM " +
                 Q(d, "group") + " WHERE name = 'everyone';\n" + "INSERT INTO " + Q(d, "boardGroupPermission") +
                 " (board_id, group_id, permission) SELECT '" + board[0] + "', id, 'view' FROM " + Q(d, "group") +
                 " WHERE name = 'everyone'");

  // Layouts and sections: per board a base and a mobile layout; an empty
  // section, a category and a dynamic section whose parent is the empty one.
  std::vector<Values> layouts, sections, section_layouts;
  std::string layout[3][2], sec_empty[3], sec_cat[3];
  for (int b = 0; b < 3; ++b) {
    layout[b][0] = r.Id();
    layout[b][1] = r.Id();
    layouts.push_back({S(layout[b][0]), S("Base"), S(board[b]), N(12), N(1400)});
    layouts.push_back({S(layout[b][1]), S("Mobile"), S(board[b]), N(4), N(0)});
    sec_empty[b] = r.Id();
    sec_cat[b] = r.Id();
    std::string dyn = r.Id();
    sections.push_back({S(sec_empty[b]), S(board[b]), S("empty"), N(0), N(0), Null(), S(R"({"json": {}})")});
    sections.push_back({S(sec_cat[b]), S(board[b]), S("category"), N(0), N(1), S(b == 1 ? "Médias 🎬" : "Media"),
                        S(R"({"json":{"collapsed":false,"title":"x"},"meta":{"values":{}}})")});
    sections.push_back({S(dyn), S(board[b]), S("dynamic"), Null(), Null(), Null(), Null()});
    for (int l = 0; l < 2; ++l) {
      int cols = l == 0 ? 12 : 4;
      section_layouts.push_back({S(sec_empty[b]), S(layout[b][l]), Null(), N(0), N(0), N(cols), N(1)});
      section_layouts.push_back({S(sec_cat[b]), S(layout[b][l]), Null(), N(0), N(1), N(cols), N(1)});
      section_layouts.push_back({S(dyn), S(layout[b][l]), S(sec_empty[b]), N(l), N(2), N(cols / 2), N(3)});
    }
  }
  Insert(d, uri, "layout", layouts);
  Insert(d, uri, "section", sections);
  Insert(d, uri, "section_layout", section_layouts);
  Insert(d, uri, "section_collapse_state",
         {{S(user[0]), S(sec_cat[0]), N(1)}, {S(user[1]), S(sec_cat[1]), N(0)}, {S(user[2]), S(sec_cat[0]), N(1)}});

  // 3000 items, each placed in both layouts of its board.
  const char* kinds[] = {"app", "clock", "weather", "bookmarks", "downloads", "mediaServer", "releases", "notebook"};
  std::vector<Values> items, item_layouts, integration_items;
  std::vector<std::string> item_ids(3000);
  for (int k = 0; k < 3000; ++k) {
    item_ids[k] = r.Id();
    int b = k % 3;
    std::string kind = kinds[k % 8];
    std::string options;
    if (kind == "app")
      options = R"({"json":{"appId":")" + app[k % 4] + R"(","openInNewTab":true,"showDescriptionTooltip":false}})";
    else if (kind == "clock")
      options = R"({"json":{"customTitle":"Clock )" + std::to_string(k) +
                R"(","is24HourFormat":true,"timezone":"Europe/Berlin"},"meta":{"values":{}}})";
    else if (kind == "notebook")
      options = R"({"json":{"content":"<p>Zoë 🚀 note )" + std::to_string(k) +
                R"(\n'quoted' \\ path C:\\tmp</p>","allowReadOnlyCheck":true}})";
    else if (kind == "releases")
      options = R"({"json":{"repositories":[{"providerKey":"Github","identifier":"homarr-labs/homarr","id":")" +
                r.Id() + R"("}]}})";
    else
      options = R"({"json": {}})";
    std::string advanced = k % 5 == 0 ? R"({"json":{"customCssClasses":["c)" + std::to_string(k) +
                                            R"("],"borderColor":"","title":null}})"
                                      : R"({"json": {}})";
    items.push_back({S(item_ids[k]), S(board[b]), S(kind), S(options), S(advanced)});
    for (int l = 0; l < 2; ++l) {
      int cols = l == 0 ? 12 : 4;
      item_layouts.push_back({S(item_ids[k]), S(sec_empty[b]), S(layout[b][l]), N((k / 3) % cols),
                              N(k / 3 / cols), N(1 + k % 4 % cols), N(1 + k % 3)});
    }
    if (kind == "mediaServer" && integration_items.size() < 20)
      integration_items.push_back({S(item_ids[k]), S(integ[k % 16 == 5 ? 0 : 3])});
  }
  Insert(d, uri, "item", items);
  Insert(d, uri, "item_layout", item_layouts);
  Insert(d, uri, "integration_item", integration_items);
  Insert(d, uri, "widget_secret",
         {{S(item_ids[0]), S("apiKey"), secret(), secs(500)}, {S(item_ids[8]), S("token"), secret(), secs(501)}});

  // Invites, media (binary with NUL bytes), custom widgets, jobs, certificates.
  Insert(d, uri, "invite",
         {{S(r.Id()), S(r.HexString(64)), secs(7 * 86400), S(user[0])},
          {S(r.Id()), S(r.HexString(64)), secs(14 * 86400), S(user[0])},
          {S(r.Id()), S(r.HexString(64)), secs(-86400), S(user[1])}});
  auto blob = [&](size_t n, const std::string& magic) {
    std::string b = magic;
    while (b.size() < n) {
      uint64_t x = r.Next();
      b += static_cast<char>(x % 3 == 0 ? 0 : (x >> 8) & 0xff);  // a third NUL bytes
    }
    return b;
  };
  std::string png = blob(2048, std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16));
  std::string jpg = blob(4096, std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
  std::string raw = blob(5000, std::string("\0\0\0\0", 4));
  Insert(d, uri, "media",
         {{S(r.Id()), S("logo.png"), S(png), S("image/png"), N(static_cast<int64_t>(png.size())), secs(600), S(user[0])},
          {S(r.Id()), S("Zoë 🚀 background.jpg"), S(jpg), S("image/jpeg"), N(static_cast<int64_t>(jpg.size())),
           secs(700), S(user[1])},
          {S(r.Id()), S("orphan.bin"), S(raw), S("application/octet-stream"), N(static_cast<int64_t>(raw.size())),
           secs(800), Null()}});
  std::string cw[2] = {r.Id(), r.Id()};
  Insert(d, uri, "custom_widget_definition",
         {{S(cw[0]), S("Power usage"), S("Watts from the meter"), S("https://cdn.example/power.svg"),
           S("http://10.0.0.9/api/power"), S("header"), S("X-Api-Key"), S("POST"), S(R"({"query":"watts"})"),
           S("table"), S(R"({"json":{"columns":["name","value"],"unit":"W"}})"), N(0), secs(900), secs(950),
           S(user[0])},
          {S(cw[1]), S("Uptime"), Null(), Null(), S("https://status.example/api"), S("none"), Null(), S("GET"),
           Null(), S("singleValue"), S(R"({"json": {}})"), N(1), secs(1000), secs(1000), Null()}});
  Insert(d, uri, "custom_widget_secret",
         {{S(cw[0]), S("apiKey"), secret(), secs(910)}, {S(cw[0]), S("password"), secret(), secs(911)}});
  Insert(d, uri, "cron_job_configuration",
         {{S("iconsUpdater"), S("0 4 * * *"), N(1)},
          {S("mediaOrganizer"), S("*/5 * * * *"), N(0)},
          {S("sessionCleanup"), S("0 * * * *"), N(1)}});
  Insert(d, uri, "trusted_certificate_hostname",
         {{S("nas.home.arpa"), S(r.HexString(32)),
           S("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU" + r.HexString(24) + "\n-----END CERTIFICATE-----\n")},
          {S("10.0.0.5"), S(r.HexString(32)),
           S("-----BEGIN CERTIFICATE-----\nMIIBtDCCAVqgAwIBAgIU" + r.HexString(24) + "\n-----END CERTIFICATE-----\n")}});

  // The instance has been used: onboarding finished, settings changed.
  Query(uri, "UPDATE " + Q(d, "onboarding") + " SET step = 'finish', previous_step = 'settings';\n" + "UPDATE " +
                 Q(d, "serverSetting") +
                 " SET value = '{\"json\":{\"enableGeneral\":false,\"enableWidgetData\":false,"
                 "\"enableIntegrationData\":false,\"enableUserData\":false}}' WHERE setting_key = 'analytics';\n" +
                 "UPDATE " + Q(d, "serverSetting") + " SET value = '{\"json\":{\"homeBoardId\":\"" + board[0] +
                 "\",\"mobileHomeBoardId\":null,\"enableStatusByDefault\":true,\"forceDisableStatus\":false}}' "
                 "WHERE setting_key = 'board'");
}

namespace {

std::string SelectExpr(Dialect d, const Column& c) {
  std::string col = Q(d, c.name);
  switch (c.kind) {
    case Kind::kTsMs:
    case Kind::kTsS:
      if (d == Dialect::kPostgres) return "(extract(epoch from " + col + ") * 1000)::bigint";
      if (d == Dialect::kMysql) return "FLOOR(UNIX_TIMESTAMP(" + col + ") * 1000)";
      return col;  // integer ms or s; seconds are scaled below
    case Kind::kBlob:
      if (d == Dialect::kPostgres) return "encode(" + col + ", 'hex')";
      return "LOWER(HEX(" + col + "))";
    default:
      return col;
  }
}

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

bool IsInteger(const std::string& s) {
  if (s.empty()) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  return i < s.size() && std::all_of(s.begin() + i, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One value in canonical form; anything unexpected is kept visibly ("?raw").
std::string Canonical(Dialect d, Kind kind, const std::optional<std::string>& v) {
  if (!v) return "\\N";
  switch (kind) {
    case Kind::kBool:
      if (*v == "1" || *v == "t") return "true";
      if (*v == "0" || *v == "f") return "false";
      return "?" + Escape(*v);
    case Kind::kTsS:
      if (d == Dialect::kSqlite) return IsInteger(*v) ? std::to_string(std::stoll(*v) * 1000) : "?" + Escape(*v);
      [[fallthrough]];
    case Kind::kTsMs:
    case Kind::kInt:
      return IsInteger(*v) ? *v : "?" + Escape(*v);
    default:
      return Escape(*v);
  }
}

}  // namespace

std::map<std::string, std::string> CanonicalDump(const std::string& dialect, const std::string& uri) {
  Dialect d = ParseDialect(dialect);
  std::map<std::string, std::string> out;
  for (const auto& t : Tables()) {
    std::string sql = "SELECT ";
    for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + SelectExpr(d, t.columns[c]);
    sql += " FROM " + Q(d, t.name);
    std::vector<std::string> rows;
    for (const auto& row : Query(uri, sql)) {
      std::string line;
      for (size_t c = 0; c < t.columns.size() && c < row.size(); ++c)
        line += (c ? "\t" : "") + Canonical(d, t.columns[c].kind, row[c]);
      rows.push_back(std::move(line));
    }
    std::sort(rows.begin(), rows.end());
    std::string text = t.name;
    for (const auto& row : rows) text += "\n" + row;
    out[t.name] = std::move(text);
  }
  return out;
}

std::map<std::string, std::string> DropMilliseconds(const std::map<std::string, std::string>& dump) {
  std::map<std::string, std::string> out;
  for (const auto& [name, text] : dump) {
    const Table& t = FindTable(name);
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      lines.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
    std::vector<std::string> rows;
    for (size_t i = 1; i < lines.size(); ++i) {
      std::vector<std::string> fields;
      size_t s = 0;
      while (true) {
        size_t tab = lines[i].find('\t', s);
        fields.push_back(lines[i].substr(s, tab == std::string::npos ? std::string::npos : tab - s));
        if (tab == std::string::npos) break;
        s = tab + 1;
      }
      std::string row;
      for (size_t c = 0; c < fields.size(); ++c) {
        std::string f = fields[c];
        if (c < t.columns.size() && t.columns[c].kind == Kind::kTsMs && IsInteger(f)) {
          int64_t v = std::stoll(f);
          int64_t floored = v >= 0 ? v / 1000 * 1000 : -((-v + 999) / 1000) * 1000;
          f = std::to_string(floored);
        }
        row += (c ? "\t" : "") + f;
      }
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
    std::string result = lines[0];
    for (const auto& row : rows) result += "\n" + row;
    out[name] = std::move(result);
  }
  return out;
}

std::map<std::string, int64_t> RowCounts(const std::string& dialect, const std::string& uri) {
  Dialect d = ParseDialect(dialect);
  std::string sql;
  for (const auto& t : Tables())
    sql += (sql.empty() ? "" : " UNION ALL ") + std::string("SELECT '") + t.name + "', count(*) FROM " + Q(d, t.name);
  std::map<std::string, int64_t> out;
  for (const auto& row : Query(uri, sql))
    if (row.size() == 2 && row[0] && row[1]) out[*row[0]] = std::stoll(*row[1]);
  return out;
}

std::map<std::string, int64_t> ExpectedRowCounts(bool realistic) {
  std::map<std::string, int64_t> out;
  for (const auto& t : Tables()) out[t.name] = 0;
  out["group"] = 1;
  out["onboarding"] = 1;
  out["serverSetting"] = 6;
  out["search_engine"] = 3;
  if (!realistic) return out;
  const std::pair<const char*, int64_t> added[] = {
      {"app", 4},
      {"iconRepository", 2},
      {"icon", 10},
      {"integration", 4},
      {"integrationSecret", 6},
      {"search_engine", 1},
      {"user", 5},
      {"account", 3},
      {"session", 4},
      {"verificationToken", 2},
      {"apiKey", 2},
      {"board", 3},
      {"group", 3},
      {"groupMember", 6},
      {"groupPermission", 5},
      {"invite", 3},
      {"media", 3},
      {"integrationUserPermission", 3},
      {"integrationGroupPermissions", 2},
      {"boardUserPermission", 3},
      {"boardGroupPermission", 3},
      {"layout", 6},
      {"section", 9},
      {"section_layout", 18},
      {"section_collapse_state", 3},
      {"item", 3000},
      {"item_layout", 6000},
      {"integration_item", 20},
      {"custom_widget_definition", 2},
      {"custom_widget_secret", 2},
      {"widget_secret", 2},
      {"cron_job_configuration", 3},
      {"trusted_certificate_hostname", 2},
  };
  for (const auto& [name, n] : added) out[name] += n;
  return out;
}

}  // namespace ferry::test::homarr
