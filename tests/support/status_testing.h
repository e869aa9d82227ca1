// ASSERT_OK / EXPECT_OK for ferry's Status and Result<T>: on failure they
// print the status, so a test says why an engine call failed.
#pragma once

#include <gtest/gtest.h>

#include "core/result.h"

namespace ferry::test {

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

}  // namespace ferry::test

#define ASSERT_OK(expr)                                                       \
  do {                                                                        \
    const auto& _ferry_r = (expr);                                            \
    ASSERT_TRUE(_ferry_r.ok()) << ::ferry::test::StatusOf(_ferry_r).ToString(); \
  } while (0)

#define EXPECT_OK(expr)                                                       \
  do {                                                                        \
    const auto& _ferry_r = (expr);                                            \
    EXPECT_TRUE(_ferry_r.ok()) << ::ferry::test::StatusOf(_ferry_r).ToString(); \
  } while (0)
