/* Error codes, names and messages from one table.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

const char *sw_strerror(int err) {
  switch (err) {
  case 0: return "success";
#define SW_XX_MSG(name, code, msg) case code: return msg;
    SW_ERRNO_MAP(SW_XX_MSG)
#undef SW_XX_MSG
  default: return "unknown error";
  }
}

const char *sw_errname(int err) {
  switch (err) {
  case 0: return "SW_OK";
#define SW_XX_NAME(name, code, msg) case code: return "SW_" #name;
    SW_ERRNO_MAP(SW_XX_NAME)
#undef SW_XX_NAME
  default: return "SW_E?";
  }
}

int sw_is_fatal(int err) { return err < SW_EFATAL; }

const char *sw_version(void) { return SW_VERSION_STRING; }
