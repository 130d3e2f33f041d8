/* Character classes (see tools/gen_chartab.py). Not installed.
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_MSG_CHARS_H
#define SW_MSG_CHARS_H
#include <stdint.h>

#define SW_C_TOKEN 0x0001u
#define SW_C_DIGIT 0x0002u
#define SW_C_HEX 0x0004u
#define SW_C_ALPHA 0x0008u
#define SW_C_USER 0x0010u
#define SW_C_PASS 0x0020u
#define SW_C_PARAM 0x0040u
#define SW_C_HNV 0x0080u
#define SW_C_WORD 0x0100u
#define SW_C_URIC 0x0200u
#define SW_C_HOST 0x0400u
#define SW_C_REASON 0x0800u
#define SW_C_SCHEME 0x1000u
#define SW_C_IPCHAR 0x2000u
#define SW_C_DIGDOT 0x4000u
#define SW_C_VCHAR 0x8000u

extern const uint16_t sw_chartab_[256];
#define SW_IS(c, cls) (sw_chartab_[(unsigned char)(c)] & (cls))

#endif
