-- A small application database for the README's first command: reserved
-- and mixed-case names, foreign keys, unicode, JSON, blobs, timestamps and
-- 100,000 event rows. Generated, so nothing large is committed.
PRAGMA foreign_keys = ON;
CREATE TABLE "user" (
  id INTEGER PRIMARY KEY,
  name VARCHAR(64) NOT NULL UNIQUE,
  email TEXT,
  is_admin BOOLEAN NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  settings JSON
);
CREATE TABLE "group" (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE "groupMember" (
  "groupId" INTEGER NOT NULL REFERENCES "group"(id) ON DELETE CASCADE,
  "userId" INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  PRIMARY KEY ("groupId", "userId")
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES "user"(id),
  kind VARCHAR(16) NOT NULL,
  amount DECIMAL(12,2),
  ratio REAL,
  happened_at DATETIME NOT NULL,
  payload BLOB
);
CREATE INDEX events_user ON events (user_id, happened_at);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO "user" (id, name, email, is_admin, created_at, settings)
SELECT i, 'user' || i || CASE WHEN i % 7 = 0 THEN ' Zoë 🚀' ELSE '' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'user' || i || '@example.org' END,
       i % 50 = 0,
       datetime('2024-01-01', '+' || i || ' hours'),
       json_object('theme', CASE WHEN i % 2 THEN 'dark' ELSE 'light' END, 'n', i)
FROM n;
INSERT INTO "group" VALUES (1, 'everyone'), (2, 'admins'), (3, 'ops «on call»');
INSERT INTO "groupMember" SELECT 1, id FROM "user";
INSERT INTO "groupMember" SELECT 2, id FROM "user" WHERE is_admin;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO events (id, user_id, kind, amount, ratio, happened_at, payload)
SELECT i, 1 + i % 1000, CASE i % 3 WHEN 0 THEN 'login' WHEN 1 THEN 'view' ELSE 'buy' END,
       CASE WHEN i % 3 = 2 THEN printf('%.2f', (i % 10000) / 100.0) END,
       i / 7.0,
       datetime('2024-01-01', '+' || i || ' minutes'),
       CASE WHEN i % 100 = 0 THEN randomblob(16) END
FROM n;
