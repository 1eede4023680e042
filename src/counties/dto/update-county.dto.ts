import { IsInt, Max, Min } from 'class-validator';
import { IntegerField } from '../../common/validation';

export class UpdateCountyDto {
  @IntegerField()
  @IsInt({ message: '最少产品数应为整数' })
  @Min(1, { message: '最少产品数至少为$constraint1' })
  @Max(1000, { message: '最少产品数不能超过$constraint1' })
  minimumProducts: number;
}
