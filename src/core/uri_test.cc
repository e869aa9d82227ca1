#include "core/uri.h"

#include <gtest/gtest.h>

namespace ferry {

TEST(Uri, ParsesPostgresWithEscapes) {
  auto u = ParseUri("postgresql://app%40x:p%3Aw%2Fd@db.local:6543/my%20db?sslmode=require");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "postgres");
  EXPECT_EQ(u->user, "app@x");
  EXPECT_EQ(u->password, "p:w/d");
  EXPECT_EQ(u->host, "db.local");
  EXPECT_EQ(u->port, 6543);
  EXPECT_EQ(u->path, "my db");
  EXPECT_EQ(u->params.at("sslmode"), "require");
}

TEST(Uri, RedactedNeverShowsThePassword) {
  auto u = ParseUri("mysql://ser:s3cret-pw@127.0.0.1/ser?password=other-pw");
  ASSERT_TRUE(u.ok());
  std::string shown = u->Redacted();
  EXPECT_EQ(shown.find("s3cret-pw"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("other-pw"), std::string::npos) << shown;
  EXPECT_NE(shown.find("ser:***@127.0.0.1"), std::string::npos) << shown;
}

TEST(Uri, RedactSecretsInFreeText) {
  std::string msg = RedactSecrets("could not connect to postgres://u:hunter22@h/db: refused", "hunter22");
  EXPECT_EQ(msg.find("hunter22"), std::string::npos) << msg;
  EXPECT_EQ(RedactSecrets("password hunter22 was wrong", "hunter22"), "password *** was wrong");
}

TEST(Uri, EmbeddedPaths) {
  EXPECT_EQ(ParseUri("sqlite:///data/homarr.db")->path, "/data/homarr.db");
  EXPECT_EQ(ParseUri("sqlite://rel.db")->path, "rel.db");
  EXPECT_EQ(ParseUri("duckdb:///tmp/x.duckdb")->scheme, "duckdb");
  EXPECT_EQ(ParseUri("./app.db")->scheme, "sqlite");
  EXPECT_EQ(ParseUri("mariadb://h/db")->scheme, "mysql");
  EXPECT_EQ(ParseUri("postgres://[::1]:5433/db")->host, "::1");
  EXPECT_EQ(ParseUri("parquet:///exports/app")->path, "/exports/app");
  EXPECT_EQ(ParseUri("parquet://rel/dir")->Redacted(), "parquet://rel/dir");
}

TEST(Uri, HepReceiversNeedHostAndPortAndPercentEncodedParameters) {
  auto u = ParseUri("hep+udp://127.0.0.1:9060?checkpoint=" + PercentEncode("/var/lib/a b&c.json") + "&capture_id=7");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "hep+udp");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 9060);
  EXPECT_EQ(u->params.at("checkpoint"), "/var/lib/a b&c.json");
  EXPECT_EQ(u->params.at("capture_id"), "7");
  EXPECT_EQ(ParseUri("hep+tcp://[::1]:9061")->host, "::1");
  EXPECT_EQ(ParseUri("hep+tcp://[::1]:9061")->Redacted(), "hep+tcp://[::1]:9061");
  EXPECT_NE(ParseUri("hep+udp://127.0.0.1").status().message().find("needs a receiver's host and port"),
            std::string::npos);
  EXPECT_NE(ParseUri("hep+udp://127.0.0.1:9060/db").status().message().find("takes no path"), std::string::npos);
}

TEST(Uri, RejectsBadInputWithAReason) {
  auto u = ParseUri("oracle://h/db");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message(),
            "URI \"oracle://h/db\": unknown scheme 'oracle' (known: sqlite, postgres, mysql, mariadb, duckdb, csv, "
            "jsonl, parquet, hep+udp, hep+tcp, archive)");
  EXPECT_FALSE(ParseUri("postgres://h:99999/db").ok());
  EXPECT_FALSE(ParseUri("postgres://h:abc/db").ok());
  EXPECT_FALSE(ParseUri("not a uri").ok());
  EXPECT_FALSE(ParseUri("postgres://u:%zz@h/db").ok());
}

TEST(Uri, ErrorsQuoteTheUriWithoutItsPassword) {
  auto u = ParseUri("postgres://[::1", "target");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message(), "target URI \"postgres://[::1\": host: missing ']'");
  u = ParseUri("postgres://app:hunter22@db:54x2/x", "source");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message(), "source URI \"postgres://app:***@db:54x2/x\": port '54x2' is not a port number (1-65535)");
  // Unencoded '/', '@' or '?' inside the password: still hidden, every part of it.
  for (const char* text : {"mysql://app:pa/ss22@h/db", "mysql://app:p@ss22@h:99999/db", "postgres://app:pa?ss22@[h/db",
                           "postgres://app:%zzsecret22@h/db", "postgres://h:bad/db?password=secret22&sslmode=x"}) {
    auto bad = ParseUri(text, "target");
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_EQ(bad.status().message().find("ss22"), std::string::npos) << bad.status().message();
    EXPECT_EQ(bad.status().message().find("secret22"), std::string::npos) << bad.status().message();
    EXPECT_NE(bad.status().message().find("***"), std::string::npos) << bad.status().message();
  }
}

TEST(Uri, WithDatabaseReplacesOnlyThePath) {
  EXPECT_EQ(WithDatabase("postgres://u:p%2Fw@h:5433/?sslmode=disable", "halo"),
            "postgres://u:p%2Fw@h:5433/halo?sslmode=disable");
  EXPECT_EQ(WithDatabase("mysql://root@127.0.0.1:3306", "homarr"), "mysql://root@127.0.0.1:3306/homarr");
  EXPECT_EQ(WithDatabase("postgres://u:a/b@h/old", "new db"), "postgres://u:a/b@h/new%20db");
  EXPECT_EQ(WithDatabase("postgres://h/x/y", "a/b"), "postgres://h/a%2Fb");
  auto parsed = ParseUri(WithDatabase("postgres://u:secret@h/?sslmode=disable", "halo"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->path, "halo");
  EXPECT_EQ(parsed->password, "secret");
  EXPECT_EQ(parsed->params.at("sslmode"), "disable");
}

TEST(Uri, WithParamSetsOrReplacesOneParameter) {
  EXPECT_EQ(WithParam("postgres://h/db", "schema", "audit"), "postgres://h/db?schema=audit");
  EXPECT_EQ(WithParam("postgres://h/db?sslmode=disable&schema=x", "schema", "audit log"),
            "postgres://h/db?sslmode=disable&schema=audit%20log");
}

}  // namespace ferry
