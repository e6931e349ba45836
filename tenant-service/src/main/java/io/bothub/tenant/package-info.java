/** tenant-service: Tenants, agents, API keys, users and roles, login, quotas and usage. */
@NullMarked
package io.bothub.tenant;

import org.jspecify.annotations.NullMarked;
