/** Secrets sealed with AES-256-GCM: at rest in a service's database, and in transit between services. */
@NullMarked
package io.bothub.support.secrets;

import org.jspecify.annotations.NullMarked;
