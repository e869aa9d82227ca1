#include "core/batch_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace ferry {

TEST(BatchQueue, BoundedHandOffKeepsOrderAndCarriesTheCloseStatus) {
  BatchQueue q(2);
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) {
      auto b = std::make_unique<RecordBatch>(std::vector<Field>{Field{"v", LogicalType(TypeId::kInt64)}});
      b->column(0).AppendInt(i);
      b->FinishRow();
      ASSERT_TRUE(q.Push(std::move(b)));
    }
    q.Close(Status::Source("boom"));
  });
  int expect = 0;
  while (auto b = q.Pop()) EXPECT_EQ(b->column(0).Int(0), expect++);
  producer.join();
  EXPECT_EQ(expect, 100);
  EXPECT_EQ(q.status().message(), "boom");
}

TEST(BatchQueue, AbortUnblocksAWaitingProducer) {
  BatchQueue q(1);
  ASSERT_TRUE(q.Push(std::make_unique<RecordBatch>()));
  std::thread producer([&] { EXPECT_FALSE(q.Push(std::make_unique<RecordBatch>())); });
  q.Abort(Status::Target("writer failed"));
  producer.join();
  EXPECT_EQ(q.Pop(), nullptr);
}

}  // namespace ferry
