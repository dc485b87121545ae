package dev.hackathon.infra.resources.compute;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Turns the config's {@code instance.ami} into an image: {@code al2023} is the newest Amazon
 * Linux 2023 image owned by amazon for the instance type's architecture (ONE DescribeImages),
 * an {@code ami-} id is used as given (one DescribeImages for its root device name). Answers
 * are kept for the life of this object (one run), so plan, diff and create agree.
 */
final class Images {

    public static final String AL2023 = "al2023";

    private final Ec2Client ec2;
    private final Map<String, Image> cache = new ConcurrentHashMap<>();

    Images(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The image the config asks for, with an instance type of this architecture. */
    Image resolve(String ami, String instanceType) {
        String arch = architecture(instanceType);
        return cache.computeIfAbsent(ami + "|" + arch, k -> AL2023.equals(ami) ? newestAl2023(arch) : byId(ami));
    }

    /** {@code x86_64}, or {@code arm64} for Graviton types: t4g, m7g, m6gd, c7gn, im4gn, is4gen, a1. */
    static String architecture(String instanceType) {
        String family = instanceType.contains(".") ? instanceType.substring(0, instanceType.indexOf('.')) : instanceType;
        if (family.equals("a1")) {
            return "arm64";
        }
        // The letters after the generation digit: "g", "gd", "gn", "gen" mark Graviton ("t4g"),
        // while "g" before the digit is a GPU family on x86 ("g5", "g4dn").
        String attributes = family.replaceFirst("^[a-z]+\\d+", "");
        return attributes.startsWith("g") ? "arm64" : "x86_64";
    }

    private Image newestAl2023(String arch) {
        List<Image> images = ec2.describeImages(r -> r.owners("amazon").filters(
                Filter.builder().name("name").values("al2023-ami-2023*-" + arch).build(),
                Filter.builder().name("state").values("available").build())).images();
        // Newest creation date first; AL2023 ships several kernels on one day, so ties go to the
        // highest name (newest kernel), then the id, to pick the same image every time.
        return images.stream().max(Comparator.comparing((Image i) -> String.valueOf(i.creationDate()))
                        .thenComparing(i -> String.valueOf(i.name())).thenComparing(Image::imageId))
                .orElseThrow(() -> new IllegalStateException("no Amazon Linux 2023 image (al2023-ami-2023*-" + arch
                        + ") owned by amazon in this region"));
    }

    private Image byId(String id) {
        List<Image> images = ec2.describeImages(r -> r.imageIds(id)).images();
        if (images.isEmpty()) {
            throw new IllegalStateException("image " + id + " not found in this region");
        }
        return images.get(0);
    }
}
