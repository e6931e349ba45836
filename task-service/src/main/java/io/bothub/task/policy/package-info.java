/** Each tenant's approval policy: which tasks wait for a person's approval. */
@NullMarked
package io.bothub.task.policy;

import org.jspecify.annotations.NullMarked;
