package dev.hackathon.infra.cli;

import java.util.HashSet;
import java.util.Set;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * After each answer is read, makes a builder of every structure a full answer of that
 * operation could hold (a VPC, its tags, its CIDR associations ...). For {@link Warmup}: the
 * answers {@link RecordedAws} serves are one stack's, and a stack with other contents (more
 * rules, other attachments) would use structures they do not hold. Measured with recorded
 * answers, a cache trained with the walk still made {@code status} a little faster than one
 * trained without (docs/benchmarks.md, "The warm-up on recorded answers").
 */
final class ModelWalk implements ExecutionInterceptor {

    private final Set<Class<?>> seen = new HashSet<>();

    @Override
    public synchronized void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        walk(context.response());
    }

    private void walk(SdkPojo pojo) {
        if (seen.add(pojo.getClass())) {
            pojo.sdkFields().forEach(this::walk);
        }
    }

    private void walk(SdkField<?> field) {
        ListTrait list = field.getTrait(ListTrait.class);
        MapTrait map = field.getTrait(MapTrait.class);
        if (list != null) {
            walk(list.memberFieldInfo());
        } else if (map != null) {
            walk(map.valueFieldInfo());
        } else if (field.constructor() != null) {
            walk(field.constructor().get());
        }
    }
}
