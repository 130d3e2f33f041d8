/* sipwire: umbrella header.
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SIPWIRE_H
#define SIPWIRE_H

#include "sipwire/base.h"
#include "sipwire/loop.h"
#include "sipwire/msg.h"
#include "sipwire/stack.h"

#endif
