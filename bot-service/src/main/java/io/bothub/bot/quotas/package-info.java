/** Tenants' quotas as tenant-service announces them, and their enforcement at registration. */
@NullMarked
package io.bothub.bot.quotas;

import org.jspecify.annotations.NullMarked;
