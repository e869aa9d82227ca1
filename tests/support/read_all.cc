#include "support/read_all.h"

#include <gtest/gtest.h>

namespace ferry::test {

RecordBatch ReadAll(Database* db, const ReadSpec& spec, size_t* batches) {
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back({c.name, c.type});
  RecordBatch all(fields), batch;
  size_t n = 0;
  auto reader = db->OpenReader(spec);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  while (reader.ok()) {
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    ++n;
    for (RowIssue issue : batch.issues()) {
      issue.row += all.num_rows();
      all.issues().push_back(std::move(issue));
    }
    all.AppendRows(batch, 0, batch.num_rows());
  }
  if (batches) *batches = n;
  return all;
}

}  // namespace ferry::test
